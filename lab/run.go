package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness/backends"
	"github.com/fullstack-lab/fullstack-lab/harness/stack"
	"github.com/fullstack-lab/fullstack-lab/lab/progress"
	"github.com/fullstack-lab/fullstack-lab/lab/runner"
	"github.com/spf13/cobra"
)

func init() {
	var opts runner.Options
	var keep bool
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
			var only []int
			for _, a := range args {
				n, err := strconv.Atoi(a)
				if err != nil {
					return fmt.Errorf("step %q: want a step number", a)
				}
				only = append(only, n)
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			ep, cleanup, err := sessionStack(ctx, keep)
			if err != nil {
				return err
			}
			defer cleanup()
			opts.Out = os.Stdout
			opts.Endpoints = ep
			opts.Unsolved = unsolvedSteps()
			_, err = runner.Run(ctx, opts, only...)
			return err
		},
	}
	cmd.Flags().DurationVar(&opts.Trigger, "trigger", time.Second, "the stream step's trigger interval (the class used 10s)")
	cmd.Flags().BoolVar(&keep, "keep", false, "keep the session's own stack directory")
	root.AddCommand(cmd)
}

// sessionStack attaches to the stack running in the stack's directory, or starts one for the session.
func sessionStack(ctx context.Context, keep bool) (stack.Endpoints, func(), error) {
	if st, err := attach(); err == nil {
		fmt.Printf("using the %s stack running in %s\n", st.Backend, st.Dir)
		return st.Endpoints, func() {}, nil
	}
	b, err := backends.Lookup(stackName())
	if err != nil {
		return stack.Endpoints{}, nil, err
	}
	dir, err := os.MkdirTemp("", "lab-session-")
	if err != nil {
		return stack.Endpoints{}, nil, err
	}
	fmt.Printf("starting an own %s stack for this session in %s\n", b.Name(), dir)
	lines := progress.NewLines(os.Stdout)
	r, err := b.Start(ctx, stack.Options{Dir: filepath.Join(dir, "stack"), Progress: lines})
	lines.Close()
	if err != nil {
		os.RemoveAll(dir)
		return stack.Endpoints{}, nil, err
	}
	return r.Endpoints(), func() {
		r.Close()
		if keep {
			fmt.Printf("the session's stack directory is kept: %s\n", dir)
			return
		}
		os.RemoveAll(dir)
	}, nil
}
