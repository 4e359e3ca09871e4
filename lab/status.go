package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/spf13/cobra"
)

func init() {
	root.AddCommand(&cobra.Command{
		Use:   "status",
		Short: "Show what runs where (replaces `docker-compose ps`)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			dir, err := filepath.Abs(stackDir())
			if err != nil {
				return err
			}
			st, err := harness.ReadState(dir)
			if err != nil {
				return err
			}
			printStatus(os.Stdout, st)
			return nil
		},
	})
}

func printStatus(w io.Writer, st harness.State) {
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
