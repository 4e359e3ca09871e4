package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"syscall"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/spf13/cobra"
)

func init() {
	root.AddCommand(&cobra.Command{
		Use:   "down",
		Short: "Stop the stack started by `lab up` (replaces `docker-compose down`)",
		Long: `Stop the stack running in the stack's directory and wait for it to exit.
Its data (topics, warehouse, tables) stays in the directory for the next 'lab up';
remove the directory to start afresh.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			dir, err := filepath.Abs(stackDir())
			if err != nil {
				return err
			}
			st, err := harness.ReadState(dir)
			if errors.Is(err, harness.ErrNoStack) {
				harness.RemoveState(dir)
				fmt.Printf("no stack runs in %s\n", dir)
				return nil
			}
			if err != nil {
				return err
			}
			if err := syscall.Kill(st.PID, syscall.SIGTERM); err != nil {
				return fmt.Errorf("stop stack (pid %d): %w", st.PID, err)
			}
			deadline := time.Now().Add(2 * time.Minute)
			for harness.Alive(st.PID) {
				if time.Now().After(deadline) {
					syscall.Kill(st.PID, syscall.SIGKILL)
					harness.RemoveState(dir)
					return fmt.Errorf("stack (pid %d) did not stop within 2 minutes: killed", st.PID)
				}
				time.Sleep(50 * time.Millisecond)
			}
			harness.RemoveState(dir)
			fmt.Printf("stopped the %s stack in %s\n", st.Backend, dir)
			return nil
		},
	})
}
