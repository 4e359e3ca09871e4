package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	"github.com/fullstack-lab/fullstack-lab/lab/grade"
	"github.com/spf13/cobra"
)

func init() {
	var junitPath, jsonPath string
	var passMark float64
	var verbose bool
	cmd := &cobra.Command{
		Use:   "grade [PACKAGES...]",
		Short: "Run the step tests and print a score table (exit 1 below the pass mark)",
		Long: `Run the graded step suite ('go test -json ./steps/...' by default, in the
module of the current directory) on the stack LAB_STACK picks, and print, per
step, the tests passed and the points earned. A step's points are its weight
times the share of its tests that passed; skipped tests do not count. Exits
non-zero below the pass mark. --junit writes JUnit XML for CI systems.`,
		Example: `  lab grade
  lab grade --junit report.xml --json grade.json
  LAB_STACK=local lab grade ./steps/extract`,
		RunE: func(cmd *cobra.Command, args []string) error {
			all := len(args) == 0
			if all {
				args = []string{"./steps/..."}
			}
			gotest := exec.Command("go", append([]string{"test", "-json", "-count=1", "-timeout", "20m"}, args...)...)
			gotest.Stderr = os.Stderr
			gotest.Env = append(os.Environ(), "LAB_STACK="+stackName())
			stdout, err := gotest.StdoutPipe()
			if err != nil {
				return err
			}
			fmt.Fprintf(os.Stderr, "grading: go test %s (stack %s) ...\n", strings.Join(args, " "), stackName())
			if err := gotest.Start(); err != nil {
				return fmt.Errorf("grade: run go test: %w", err)
			}
			var in io.Reader = stdout
			if verbose {
				in = io.TeeReader(stdout, os.Stderr)
			}
			rep, perr := grade.Parse(in, passMark)
			werr := gotest.Wait()
			if perr != nil {
				return perr
			}
			if len(rep.Steps) == 0 {
				return fmt.Errorf("grade: go test ran no step package (%v)", werr)
			}
			if all {
				rep.Require(grade.Order...)
			}
			rep.Print(os.Stdout)
			if junitPath != "" {
				if err := writeFile(junitPath, rep.JUnit); err != nil {
					return err
				}
			}
			if jsonPath != "" {
				if err := writeFile(jsonPath, func(w io.Writer) error {
					enc := json.NewEncoder(w)
					enc.SetIndent("", "  ")
					return enc.Encode(rep)
				}); err != nil {
					return err
				}
			}
			if !rep.Passed {
				return fmt.Errorf("grade: %.1f of %.0f points, below the pass mark of %.0f%%", rep.Points, rep.Max, passMark)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&junitPath, "junit", "", "write JUnit XML to this file")
	cmd.Flags().StringVar(&jsonPath, "json", "", "write the score table as JSON to this file")
	cmd.Flags().Float64Var(&passMark, "pass", 60, "pass mark, in percent of the points graded")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "show go test's JSON events as they come")
	root.AddCommand(cmd)
}

func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
