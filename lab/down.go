package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness/stack"
	"github.com/spf13/cobra"
)

// downOptions are `lab down`'s settings.
type downOptions struct {
	Dir string
	// Timeout is how long the stack has to stop before it is killed.
	Timeout time.Duration
}

func newDownCmd(g *globals) *cobra.Command {
	opts := downOptions{Timeout: 2 * time.Minute}
	return &cobra.Command{
		Use:   "down",
		Short: "Stop the stack started by `lab up` (replaces `docker-compose down`)",
		Long: `Stop the stack running in the stack's directory and wait for it to exit.
Its data (topics, warehouse, tables) stays in the directory for the next 'lab up';
remove the directory to start afresh.

The stack is found through the lock its 'lab up' process holds (<dir>/lab.lock)
and asked to stop through its control endpoint; a process named only by a
stale state.json is never signalled.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.Dir = g.stackDir()
			return runDown(cmd.Context(), opts, cmd.OutOrStdout())
		},
	}
}

func runDown(ctx context.Context, opts downOptions, out io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return err
	}
	st, stErr := stack.ReadState(dir) // for the backend's name, when it answers
	ran, err := stack.StopIn(ctx, dir, opts.Timeout)
	if err != nil {
		return err
	}
	if !ran {
		if _, err := os.Stat(filepath.Join(dir, stack.StateFile)); !errors.Is(err, fs.ErrNotExist) {
			stack.RemoveState(dir)
			fmt.Fprintf(out, "no stack runs in %s (removed a stale %s; no process was signalled)\n", dir, stack.StateFile)
			return nil
		}
		fmt.Fprintf(out, "no stack runs in %s\n", dir)
		return nil
	}
	stack.RemoveState(dir) // the stack removes it; a killed one could not
	if stErr != nil {
		fmt.Fprintf(out, "stopped the stack in %s\n", dir)
		return nil
	}
	fmt.Fprintf(out, "stopped the %s stack in %s\n", st.Backend, dir)
	return nil
}
