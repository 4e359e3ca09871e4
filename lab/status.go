package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness/stack"
	"github.com/spf13/cobra"
)

// statusOptions are `lab status`'s settings.
type statusOptions struct {
	Dir string
}

func newStatusCmd(g *globals) *cobra.Command {
	var opts statusOptions
	return &cobra.Command{
		Use:   "status",
		Short: "Show what runs where (replaces `docker-compose ps`)",
		Long: `Show the stack running in the stack's directory: its process, services,
addresses and logs, as its 'lab up' process reports them. A state.json that is
missing, truncated or stale is rewritten from the running stack, and said so.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.Dir = g.stackDir()
			return runStatus(opts, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
}

func runStatus(opts statusOptions, out, errOut io.Writer) error {
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return err
	}
	st, err := stack.ReadState(dir)
	if err != nil {
		return stackError(err)
	}
	if st.Repaired != "" {
		fmt.Fprintf(errOut, "lab status: %s\n", st.Repaired)
	}
	printStatus(out, st)
	return nil
}

func printStatus(w io.Writer, st stack.State) {
	fmt.Fprintf(w, "%s stack in %s, pid %d, up since %s\n\n", st.Backend, st.Dir, st.PID, st.Started.Local().Format(time.DateTime))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SERVICE\tADDRESS\tPID\tLOG")
	for _, s := range st.Services {
		pid := "-"
		if s.PID != 0 {
			pid = strconv.Itoa(s.PID)
		}
		log := s.Log
		if log == "" {
			log = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", s.Name, s.Addr, pid, log)
	}
	tw.Flush()
}
