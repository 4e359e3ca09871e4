package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/spf13/cobra"
)

func init() {
	root.AddCommand(&cobra.Command{
		Use:   "restart SERVICE",
		Short: "Restart one service of the running stack in place (replaces `docker-compose restart SERVICE`)",
		Long: `Restart one service of the stack started by 'lab up', on the same address and
with the same data, and return once it answers again. Tables, topics and files
outlive it: restart the metastore and 'show tables' still lists every table.

Services: the local backend restarts any of zookeeper, kafka, namenode, datanode,
metastore, presto; the embedded backend restarts its metastore; the containers and
external backends restart nothing.`,
		Example: "  lab restart metastore",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := attach()
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
			defer stop()
			ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
			defer cancel()
			start := time.Now()
			if err := harness.RestartService(ctx, st.Control, args[0]); err != nil {
				return err
			}
			fmt.Printf("restarted %s of the %s stack in %s (%.1f s)\n", args[0], st.Backend, st.Dir, time.Since(start).Seconds())
			return nil
		},
	})
}
