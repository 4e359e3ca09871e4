package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/fullstack-lab/fullstack-lab/harness/backends"
	"github.com/fullstack-lab/fullstack-lab/harness/stack"
	"github.com/fullstack-lab/fullstack-lab/lab/grade"
	"github.com/spf13/cobra"
)

// cannotGrade is the error of a run that graded nothing (exit 3).
func cannotGrade(format string, args ...any) error {
	return stackErrorf("cannot grade: "+format, args...)
}

// gradeOptions are lab grade's flags.
type gradeOptions struct {
	Packages []string
	JUnit    string
	JSON     string
	PassMark float64
	Verbose  bool
	// Stack is the backend the tests run on; Dir the module's root (default: go env GOMOD's).
	Stack string
	Dir   string
	// Go is the go command (default "go").
	Go string
	// Env is added to go test's environment (the external stack's LAB_* variables).
	Env []string
}

func newGradeCmd(g *globals) *cobra.Command {
	var opts gradeOptions
	cmd := &cobra.Command{
		Use:   "grade [PACKAGES...]",
		Short: "Run the step tests and print a score table and what is left to do",
		Long: `Run the graded step suite ('go test -json ./steps/...' by default, in the
module of the current directory) on the stack --stack or LAB_STACK picks, and
print, per step, the tests passed and the points earned, then what is left to
do: the functions still to implement (file:line and task), each failed test's
message, or the compiler's first error. A step's points are its weight times
the share of its tests that passed; skipped tests do not count.

Exit codes: 0 at or above the pass mark, 1 below it, 3 when nothing could be
graded (no go toolchain, not in the lab's module, an unknown stack, a stack
that did not start, code outside steps/ that does not build), the cause on
stderr. --junit writes JUnit XML, --json the grade as JSON.`,
		Example: `  lab grade
  lab grade --junit report.xml --json grade.json
  LAB_STACK=local lab grade ./steps/extract`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Packages = args
			opts.Stack = g.stackName()
			opts.Env = g.externalVars()
			return runGrade(cmd.Context(), opts, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().StringVar(&opts.JUnit, "junit", "", "write JUnit XML to this file")
	cmd.Flags().StringVar(&opts.JSON, "json", "", "write the grade as JSON to this file")
	cmd.Flags().Float64Var(&opts.PassMark, "pass", 60, "pass mark, in percent of the points graded")
	cmd.Flags().BoolVarP(&opts.Verbose, "verbose", "v", false, "show go test's JSON events as they come")
	g.addStackEndpoints(cmd)
	return cmd
}

// moduleRoot is the directory of the go.mod of the current directory, when it holds the steps.
func moduleRoot(ctx context.Context, goCmd string) (string, error) {
	out, err := exec.CommandContext(ctx, goCmd, "env", "GOMOD").Output()
	mod := strings.TrimSpace(string(out))
	if err != nil || mod == "" || mod == os.DevNull {
		return "", fmt.Errorf("not inside the lab's module (go env GOMOD found none): run it in the lab's directory")
	}
	dir := filepath.Dir(mod)
	if fi, err := os.Stat(filepath.Join(dir, "steps")); err != nil || !fi.IsDir() {
		return "", fmt.Errorf("the module at %s has no steps/ directory: run it in the lab's directory", dir)
	}
	return dir, nil
}

func runGrade(ctx context.Context, opts gradeOptions, out, errOut io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if opts.Go == "" {
		opts.Go = "go"
	}
	goPath, err := exec.LookPath(opts.Go)
	if err != nil {
		return cannotGrade("no go toolchain: %v", err)
	}
	if opts.Dir == "" {
		if opts.Dir, err = moduleRoot(ctx, goPath); err != nil {
			return cannotGrade("%v", err)
		}
	}
	if _, err := backends.Lookup(opts.Stack); err != nil {
		return cannotGrade("%v", err)
	}
	stubs, err := grade.FindStubs(opts.Dir)
	if err != nil {
		return cannotGrade("list the stubs: %v", err)
	}
	all := len(opts.Packages) == 0
	pkgs := opts.Packages
	if all {
		pkgs = []string{"./steps/..."}
	}
	gotest := exec.CommandContext(ctx, goPath, append([]string{"test", "-json", "-count=1", "-timeout", "20m"}, pkgs...)...)
	gotest.Dir = opts.Dir
	var stderr strings.Builder
	gotest.Stderr = io.MultiWriter(errOut, &stderr)
	gotest.Env = append(append(os.Environ(), stack.EnvStack+"="+opts.Stack), opts.Env...)
	stdout, err := gotest.StdoutPipe()
	if err != nil {
		return cannotGrade("%v", err)
	}
	fmt.Fprintf(errOut, "grading: go test %s (stack %s) ...\n", strings.Join(pkgs, " "), opts.Stack)
	if err := gotest.Start(); err != nil {
		return cannotGrade("run go test: %v", err)
	}
	var in io.Reader = stdout
	if opts.Verbose {
		in = io.TeeReader(stdout, errOut)
	}
	rep, perr := grade.Parse(in, opts.PassMark)
	io.Copy(io.Discard, stdout)
	werr := gotest.Wait()
	if perr != nil {
		return cannotGrade("%v", perr)
	}
	if len(rep.Steps) == 0 {
		return cannotGrade("go test ran no step package (%v): %s", werr, strings.TrimSpace(stderr.String()))
	}
	if all {
		rep.Require(grade.Order...)
	}
	rep.AddStubs(stubs)
	if why := rep.Ungradable(); why != "" {
		return cannotGrade("%s (nothing is counted against the student)", why)
	}
	rep.Print(out)
	if opts.JUnit != "" {
		if err := writeFile(opts.JUnit, rep.JUnit); err != nil {
			return cannotGrade("%v", err)
		}
	}
	if opts.JSON != "" {
		if err := writeFile(opts.JSON, func(w io.Writer) error {
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(rep)
		}); err != nil {
			return cannotGrade("%v", err)
		}
	}
	if !rep.Passed {
		return withCode(exitFailed, fmt.Errorf("grade: %.1f of %.0f points, below the pass mark of %.0f%%", rep.Points, rep.Max, opts.PassMark))
	}
	return nil
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
