package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness/stack"
	"github.com/fullstack-lab/fullstack-lab/lab/progress"
	"github.com/fullstack-lab/fullstack-lab/lab/runner"
	"github.com/spf13/cobra"
)

// runOptions are lab run's settings.
type runOptions struct {
	runner.Options
	// Only are the steps to run (all when empty).
	Only []int
	// Keep keeps the directory of a stack started for the session.
	Keep bool
}

func newRunCmd(g *globals) *cobra.Command {
	var opts runOptions
	cmd := &cobra.Command{
		Use:   "run [STEP...]",
		Short: "Run the whole class, narrated, or the steps given (and quietly what they need)",
		Long: `Run the week-13 class in its order: each step shows the class's command, the
lab's own, and what the original tool printed. With step numbers, run those
steps only, after running quietly the steps they need.

Without a running stack ('lab up'), run starts one of its own for the session
in a fresh directory and stops it at the end (--keep keeps its directory).`,
		Example: `  lab run          # the whole class (make lab)
  lab run 3        # step 3 alone (make lab-3)`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Only = nil
			for _, a := range args {
				n, err := strconv.Atoi(a)
				if err != nil {
					return usagef("step %q: want a step number", a)
				}
				opts.Only = append(opts.Only, n)
			}
			if err := runner.Check(opts.Only...); err != nil {
				return usageError(err)
			}
			return opts.run(cmd.Context(), g, cmd.OutOrStdout())
		},
	}
	cmd.Flags().DurationVar(&opts.Trigger, "trigger", time.Second, "the stream step's trigger interval (the class used 10s)")
	cmd.Flags().BoolVar(&opts.Keep, "keep", false, "keep the session's own stack directory")
	g.addStackEndpoints(cmd)
	return cmd
}

func (o runOptions) run(ctx context.Context, g *globals, out io.Writer) error {
	ep, cleanup, err := sessionStack(ctx, g, o.Keep, out)
	if err != nil {
		return err
	}
	defer cleanup()
	o.Out = out
	o.Endpoints = ep
	o.Unsolved = unsolvedSteps()
	_, err = runner.Run(ctx, o.Options, o.Only...)
	return err
}

// sessionStack attaches to the stack running in the stack's directory, or starts one for the session.
func sessionStack(ctx context.Context, g *globals, keep bool, out io.Writer) (stack.Endpoints, func(), error) {
	if st, err := g.attach(); err == nil {
		fmt.Fprintf(out, "using the %s stack running in %s\n", st.Backend, st.Dir)
		return st.Endpoints, func() {}, nil
	}
	b, err := g.backend(g.stackName(), "lab")
	if err != nil {
		return stack.Endpoints{}, nil, err
	}
	dir, err := os.MkdirTemp("", "lab-session-")
	if err != nil {
		return stack.Endpoints{}, nil, err
	}
	fmt.Fprintf(out, "starting an own %s stack for this session in %s\n", b.Name(), dir)
	lines := progress.NewLines(out)
	r, err := b.Start(ctx, stack.Options{Dir: filepath.Join(dir, "stack"), Progress: lines})
	lines.Close()
	if err != nil {
		os.RemoveAll(dir)
		return stack.Endpoints{}, nil, stackError(err)
	}
	return r.Endpoints(), func() {
		r.Close()
		if keep {
			fmt.Fprintf(out, "the session's stack directory is kept: %s\n", dir)
			return
		}
		os.RemoveAll(dir)
	}, nil
}
