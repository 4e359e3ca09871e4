package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/fullstack-lab/fullstack-lab/lab/starter"
	"github.com/spf13/cobra"
)

func init() {
	root.AddCommand(&cobra.Command{
		Use:   "starter DIR",
		Short: "Write a student's starter tree: this repository with each solution stubbed",
		Long: `Copy the repository (the module of the current directory) into DIR, turning
each solution region of steps/ (between '// BEGIN SOLUTION' and '// END SOLUTION')
into a stub that compiles and fails its tests with "TODO: implement ...".
Students then run 'go test ./steps/...' or 'lab grade' to see what is left.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			out, err := exec.Command("go", "env", "GOMOD").Output()
			mod := strings.TrimSpace(string(out))
			if err != nil || mod == "" || mod == os.DevNull {
				return fmt.Errorf("starter: run it inside the fullstack-lab repository (go env GOMOD found no module)")
			}
			regions, err := starter.Write(filepath.Dir(mod), args[0])
			if err != nil {
				return err
			}
			for _, r := range regions {
				fmt.Printf("%s:%d  %s: %s\n", r.File, r.Line, r.Func, r.Note)
			}
			fmt.Printf("\nwrote the starter tree to %s: %d regions to implement\n", args[0], len(regions))
			return nil
		},
	})
}
