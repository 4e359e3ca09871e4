package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness/stack"
	"github.com/spf13/cobra"
)

// restartOptions are `lab restart`'s settings.
type restartOptions struct {
	Dir     string
	Service string
	Timeout time.Duration
}

func newRestartCmd(g *globals) *cobra.Command {
	opts := restartOptions{Timeout: 5 * time.Minute}
	return &cobra.Command{
		Use:   "restart SERVICE",
		Short: "Restart one service of the running stack in place (replaces `docker-compose restart SERVICE`)",
		Long: `Restart one service of the stack started by 'lab up', on the same address and
with the same data, and return once it answers again. Tables, topics and files
outlive it: restart the metastore and 'show tables' still lists every table.

Services: the local backend restarts any of zookeeper, kafka, namenode, datanode,
metastore, presto; the embedded backend restarts its metastore; the containers and
external backends restart nothing. The stack is found through the lock of its
'lab up' process and asked through its control endpoint.`,
		Example: "  lab restart metastore",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Dir, opts.Service = g.stackDir(), args[0]
			return runRestart(cmd.Context(), opts, cmd.OutOrStdout())
		},
	}
}

func runRestart(ctx context.Context, opts restartOptions, out io.Writer) error {
	st, err := stack.ReadState(opts.Dir)
	if err != nil {
		return stackError(err)
	}
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	start := time.Now()
	if err := stack.RestartService(ctx, st.Control, opts.Service); err != nil {
		return err
	}
	fmt.Fprintf(out, "restarted %s of the %s stack in %s (%.1f s)\n", opts.Service, st.Backend, st.Dir, time.Since(start).Seconds())
	return nil
}
