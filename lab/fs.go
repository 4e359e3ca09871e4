package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
)

// fsPath maps an argument (a warehouse path, or a file:// or hdfs:// URI) to a warehouse path.
func fsPath(fsys warehouse.FS, arg string) (string, error) {
	return fsys.Path(arg)
}

func newFsCmd(g *globals) *cobra.Command {
	fsCmd := &cobra.Command{
		Use:   "fs",
		Short: "List, print and remove warehouse files (replaces `hadoop fs -ls|-cat|-rm`)",
		Long: `Work with the warehouse's files on any backend, as 'hadoop fs' does on HDFS:
'lab fs -ls /tmp/purchases' (or 'lab fs ls', 'lab hadoop fs -ls', 'lab hdfs dfs -ls')
is 'hadoop fs -ls /tmp/purchases'. Commands: -ls [-R], -cat, -rm [-r|-R] [-f],
-mkdir [-p], -put [-f] LOCAL... DST, -get SRC... LOCALDST.

Paths are warehouse paths (/tmp/purchases), or URIs of the warehouse
(hdfs://host:port/tmp/purchases, file:///...). The warehouse is the running
stack's (see 'lab up'), or the one --warehouse names.`,
		Example: `  lab fs -ls /tmp/                  # hadoop fs -ls /tmp/ (hdfs dfs -ls, lab hadoop fs -ls too)
  lab fs ls -R /tmp/purchases
  lab fs -cat /tmp/purchases/_SUCCESS
  lab fs -mkdir -p /tmp/in
  lab fs -put events.json /tmp/in/
  lab fs -get /tmp/purchases ./purchases
  lab fs -rm -r /tmp/purchases`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmd.Help()
			}
			return usagef("fs: unknown command %q: want -ls, -cat, -rm, -mkdir, -put or -get (with or without the dash)", args[0])
		},
	}

	var lsRecursive bool
	ls := &cobra.Command{
		Use:   "ls [-R] PATH...",
		Short: "List a directory, or show a file, like `hadoop fs -ls [-R]`",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			list := warehouse.List
			if lsRecursive {
				list = warehouse.ListRecursive
			}
			return withWarehouse(g, func(fsys warehouse.FS) error {
				var errs []error
				for _, a := range args {
					if err := list(cmd.OutOrStdout(), fsys, a); err != nil {
						errs = append(errs, fmt.Errorf("ls: %w", err))
					}
				}
				return errors.Join(errs...)
			})
		},
	}
	ls.Flags().BoolVarP(&lsRecursive, "recursive", "R", false, "list the directories' contents, recursively")
	cat := &cobra.Command{
		Use:   "cat PATH...",
		Short: "Print files, like `hadoop fs -cat`",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withWarehouse(g, func(fsys warehouse.FS) error {
				for _, a := range args {
					if err := fsCat(cmd.OutOrStdout(), fsys, a); err != nil {
						return fmt.Errorf("cat: %w", err)
					}
				}
				return nil
			})
		},
	}
	var recursive bool
	rm := &cobra.Command{
		Use:   "rm [-r] PATH...",
		Short: "Remove files, or directories with -r, like `hadoop fs -rm [-r]`",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			force, _ := cmd.Flags().GetBool("force")
			return withWarehouse(g, func(fsys warehouse.FS) error {
				var errs []error
				for _, a := range args {
					if err := fsRm(cmd.OutOrStdout(), fsys, a, recursive); err != nil {
						if force && strings.Contains(err.Error(), "No such file or directory") {
							continue
						}
						errs = append(errs, fmt.Errorf("rm: %w", err))
					}
				}
				return errors.Join(errs...)
			})
		},
	}
	rm.Flags().BoolVarP(&recursive, "recursive", "r", false, "remove directories and their contents")
	rm.Flags().BoolP("force", "f", false, "no error for a path that does not exist")
	rm.Flags().Bool("skipTrash", false, "accepted for hadoop's command line (the warehouse has no trash)")
	rm.Flags().BoolP("R", "R", false, "same as -r")
	rm.Flags().Lookup("R").Hidden = true
	rm.PreRun = func(cmd *cobra.Command, _ []string) {
		if r, _ := cmd.Flags().GetBool("R"); r {
			recursive = true
		}
	}
	fsCmd.AddCommand(ls, cat, rm, mkdirCmd(g), putCmd(g), getCmd(g))
	g.addEndpoints(fsCmd, true, warehouseFlag)
	return fsCmd
}

// statArg resolves arg to its warehouse path and stats it; a path that is
// not there is hadoop's "No such file or directory".
func statArg(fsys warehouse.FS, arg string) (string, fs.FileInfo, error) {
	p, err := fsPath(fsys, arg)
	if err != nil {
		return "", nil, err
	}
	info, err := fsys.Stat(p)
	if err != nil {
		return "", nil, warehouse.NotFound(arg, err)
	}
	return p, info, nil
}

func fsCat(w io.Writer, fsys warehouse.FS, arg string) error {
	p, info, err := statArg(fsys, arg)
	if err != nil {
		return err
	}
	if info.IsDir() {
		return fmt.Errorf("`%s': Is a directory", arg)
	}
	f, err := fsys.Open(p)
	if err != nil {
		return warehouse.NotFound(arg, err)
	}
	defer f.Close()
	_, err = io.Copy(w, f)
	return err
}

func fsRm(w io.Writer, fsys warehouse.FS, arg string, recursive bool) error {
	p, info, err := statArg(fsys, arg)
	if err != nil {
		return err
	}
	if info.IsDir() && !recursive {
		return fmt.Errorf("`%s': Is a directory", arg)
	}
	if err := fsys.RemoveAll(p); err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "Deleted %s\n", arg)
	return err
}
