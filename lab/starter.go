package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/fullstack-lab/fullstack-lab/lab/runner"
	"github.com/fullstack-lab/fullstack-lab/lab/starter"
	"github.com/spf13/cobra"
)

// starterOptions are lab starter's arguments.
type starterOptions struct {
	// Src is the instructor's repository (default: the lab's module around the current directory).
	Src string
	// Dst is the student tree's directory; it must not exist or be empty.
	Dst string
}

func newStarterCmd(*globals) *cobra.Command {
	var opts starterOptions
	return &cobra.Command{
		Use:   "starter DIR",
		Short: "Write a student's starter tree: this repository with each solution stubbed",
		Long: `Copy the repository (the lab's module around the current directory) into DIR,
turning each solution region of steps/ (between '// BEGIN SOLUTION' and
'// END SOLUTION') into a stub that compiles and fails the tests that reach it
with "TODO: implement F (file:line): task".

The tree gets a README of its own (build lab, run a step, grade; the tasks with
file:line), 'make grade', a 'make lab' that runs the solved steps and names the
others, and GitHub Classroom's autograding (.github/workflows/classroom.yml and
.github/classroom/autograding.json, one test per step with its points). The
instructor's CI (.github, .ci) is not copied.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Dst = args[0]
			return runStarter(cmd.Context(), opts, cmd.OutOrStdout())
		},
	}
}

func runStarter(_ context.Context, opts starterOptions, out io.Writer) error {
	if opts.Src == "" {
		wd, err := os.Getwd()
		if err != nil {
			return fmt.Errorf("starter: %w", err)
		}
		if opts.Src = findLabModule(wd); opts.Src == "" {
			return fmt.Errorf("starter: run it inside the fullstack-lab repository (no go.mod of %s around %s)", labModule, wd)
		}
	}
	var lab []starter.LabStep
	for _, st := range runner.Steps() {
		lab = append(lab, starter.LabStep{N: st.N, Name: st.Name, Title: st.Title})
	}
	tasks, err := starter.WriteStudent(opts.Src, opts.Dst, starter.Options{Lab: lab})
	if err != nil {
		return err
	}
	for _, t := range tasks {
		fmt.Fprintln(out, t)
	}
	fmt.Fprintf(out, "\nwrote the starter tree to %s: %d functions to implement (its README.md lists them)\n", opts.Dst, len(tasks))
	return nil
}
