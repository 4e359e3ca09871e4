package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
	"github.com/fullstack-lab/fullstack-lab/internal/fileio"
)

// fsOpOptions are the flags of lab fs -mkdir, -put and -get.
type fsOpOptions struct {
	Parents bool // -mkdir -p
	Force   bool // -put -f
}

// withWarehouse runs fn on the stack's warehouse.
func withWarehouse(g *globals, fn func(warehouse.FS) error) error {
	fsys, err := g.openWarehouse()
	if err != nil {
		return err
	}
	defer fsys.Close()
	return fn(fsys)
}

func mkdirCmd(g *globals) *cobra.Command {
	var o fsOpOptions
	c := &cobra.Command{
		Use:   "mkdir [-p] PATH...",
		Short: "Create directories, like `hadoop fs -mkdir [-p]`",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withWarehouse(g, func(fsys warehouse.FS) error { return o.mkdir(fsys, args) })
		},
	}
	c.Flags().BoolVarP(&o.Parents, "parents", "p", false, "create the parents too; no error if the directory exists")
	return c
}

func (o fsOpOptions) mkdir(fsys warehouse.FS, args []string) error {
	var errs []error
	for _, a := range args {
		p, err := fsPath(fsys, a)
		if err != nil {
			errs = append(errs, fmt.Errorf("mkdir: %w", err))
			continue
		}
		if !o.Parents {
			if _, err := fsys.Stat(p); err == nil {
				errs = append(errs, fmt.Errorf("mkdir: `%s': File exists", a))
				continue
			}
			if _, err := fsys.Stat(path.Dir(p)); err != nil {
				errs = append(errs, fmt.Errorf("mkdir: `%s': No such file or directory", a))
				continue
			}
		} else if fi, err := fsys.Stat(p); err == nil && !fi.IsDir() {
			errs = append(errs, fmt.Errorf("mkdir: `%s': Is not a directory", a))
			continue
		}
		if err := fsys.MkdirAll(p); err != nil {
			errs = append(errs, fmt.Errorf("mkdir: %w", err))
		}
	}
	return errors.Join(errs...)
}

func putCmd(g *globals) *cobra.Command {
	var o fsOpOptions
	c := &cobra.Command{
		Use:   "put [-f] LOCAL... DST",
		Short: "Copy local files or directories into the warehouse, like `hadoop fs -put`",
		Args:  cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withWarehouse(g, func(fsys warehouse.FS) error { return o.put(fsys, args[:len(args)-1], args[len(args)-1]) })
		},
	}
	c.Flags().BoolVarP(&o.Force, "force", "f", false, "overwrite the destination if it exists")
	return c
}

// put copies local files (directories recursively) to dst: into dst when it is a directory.
func (o fsOpOptions) put(fsys warehouse.FS, srcs []string, dst string) error {
	d, err := fsPath(fsys, dst)
	if err != nil {
		return fmt.Errorf("put: %w", err)
	}
	fi, err := fsys.Stat(d)
	into := err == nil && fi.IsDir()
	if len(srcs) > 1 && !into {
		return fmt.Errorf("put: `%s': No such file or directory (several sources need a directory)", dst)
	}
	var errs []error
	for _, src := range srcs {
		target := d
		if into {
			target = path.Join(d, filepath.Base(src))
		}
		if _, err := fsys.Stat(target); err == nil && !o.Force {
			errs = append(errs, fmt.Errorf("put: `%s': File exists", target))
			continue
		}
		if err := putTree(fsys, src, target); err != nil {
			errs = append(errs, fmt.Errorf("put: %w", err))
		}
	}
	return errors.Join(errs...)
}

func putTree(fsys warehouse.FS, src, target string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("`%s': No such file or directory", src)
			}
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		to := path.Join(target, filepath.ToSlash(rel))
		if d.IsDir() {
			return fsys.MkdirAll(to)
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		w, err := fsys.Create(to)
		if err != nil {
			return err
		}
		return fileio.CopyClose(w, in)
	})
}

func getCmd(g *globals) *cobra.Command {
	var o fsOpOptions
	return &cobra.Command{
		Use:   "get SRC... LOCALDST",
		Short: "Copy warehouse files or directories to the local disk, like `hadoop fs -get`",
		Args:  cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withWarehouse(g, func(fsys warehouse.FS) error { return o.get(fsys, args[:len(args)-1], args[len(args)-1]) })
		},
	}
}

// get copies warehouse paths (directories recursively) to dst: into dst when it is a local directory.
func (o fsOpOptions) get(fsys warehouse.FS, srcs []string, dst string) error {
	fi, err := os.Stat(dst)
	into := err == nil && fi.IsDir()
	var errs []error
	for _, src := range srcs {
		p, err := fsPath(fsys, src)
		if err != nil {
			errs = append(errs, fmt.Errorf("get: %w", err))
			continue
		}
		target := dst
		if into {
			target = filepath.Join(dst, path.Base(p))
		}
		if _, err := os.Stat(target); err == nil {
			errs = append(errs, fmt.Errorf("get: `%s': File exists", target))
			continue
		}
		if err := getTree(fsys, p, src, target); err != nil {
			errs = append(errs, fmt.Errorf("get: %w", err))
		}
	}
	return errors.Join(errs...)
}

func getTree(fsys warehouse.FS, p, arg, target string) error {
	fi, err := fsys.Stat(p)
	if err != nil {
		return warehouse.NotFound(arg, err)
	}
	if fi.IsDir() {
		if err := os.MkdirAll(target, 0o755); err != nil {
			return err
		}
		infos, err := fsys.ReadDir(p)
		if err != nil {
			return err
		}
		for _, e := range infos {
			if err := getTree(fsys, path.Join(p, e.Name()), path.Join(arg, e.Name()), filepath.Join(target, e.Name())); err != nil {
				return err
			}
		}
		return nil
	}
	in, err := fsys.Open(p)
	if err != nil {
		return warehouse.NotFound(arg, err)
	}
	defer in.Close()
	out, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	return fileio.CopyClose(out, in)
}
