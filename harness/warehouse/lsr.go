package warehouse

import (
	"io"
	"io/fs"
	"path"
)

// ListRecursive writes what `hadoop fs -ls -R ARG` prints: one line per
// entry under ARG, depth first, with no "Found N items" header.
func ListRecursive(w io.Writer, fsys FS, arg string) error {
	p, err := fsys.Path(arg)
	if err != nil {
		return err
	}
	info, err := fsys.Stat(p)
	if err != nil {
		return NotFound(arg, err)
	}
	if !info.IsDir() {
		_, err := io.WriteString(w, lsLines([]fs.FileInfo{info}, []string{p}))
		return err
	}
	return listTree(w, fsys, p)
}

func listTree(w io.Writer, fsys FS, dir string) error {
	infos, err := fsys.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, fi := range infos {
		name := path.Join(dir, fi.Name())
		if _, err := io.WriteString(w, lsLines([]fs.FileInfo{fi}, []string{name})); err != nil {
			return err
		}
		if fi.IsDir() {
			if err := listTree(w, fsys, name); err != nil {
				return err
			}
		}
	}
	return nil
}
