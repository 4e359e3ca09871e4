package warehouse

import (
	"io"
	"io/fs"
	"path"
)

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
