package warehouse

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
)

// A reader that opens a directory just before Replace exchanges it holds
// the old tree, which Replace then empties and removes: listing that handle
// gives the old names, some of them, or none at all, and no error. So a
// listing only counts if the path still names the directory that was listed
// once the listing is done (the handle stays open until then, so its inode
// cannot be reused meanwhile); otherwise it is made again. Replace never
// puts a tree back once it has left the path, so a listing that passes the
// check is one whole tree that was at the path.

// listTries bounds how often a directory replaced while listed is listed again.
const listTries = 50

// ReadDirStable lists the local directory dir, sorted by name, as one tree
// that was at dir while it was listed: never a tree that Replace moved away
// and is removing. A name removed meanwhile from a directory that stayed in
// place is left out, as a reader would miss it a moment later.
func ReadDirStable(dir string) ([]fs.FileInfo, error) {
	for try := 1; ; try++ {
		infos, moved, err := readDirOnce(dir)
		if !moved {
			return infos, err
		}
		if try == listTries {
			return nil, fmt.Errorf("list %s: replaced while listed, %d times", dir, listTries)
		}
	}
}

// readDirOnce lists dir and reports whether dir was replaced meanwhile.
func readDirOnce(dir string) (infos []fs.FileInfo, moved bool, err error) {
	d, err := os.Open(dir)
	if err != nil {
		return nil, false, err
	}
	defer d.Close()
	before, err := d.Stat()
	if err != nil {
		return nil, false, err
	}
	ents, rerr := d.ReadDir(-1)
	infos = make([]fs.FileInfo, 0, len(ents))
	for _, e := range ents {
		info, err := e.Info()
		if errors.Is(err, fs.ErrNotExist) {
			continue // removed meanwhile, or the tree was replaced (checked below)
		}
		if err != nil && rerr == nil {
			rerr = err
		}
		if info != nil {
			infos = append(infos, info)
		}
	}
	after, err := os.Stat(dir)
	if err != nil || !os.SameFile(before, after) {
		// Replaced (or moved away) while listed: the listing, or its
		// error (a removed directory lists as ENOENT), is of an old tree.
		return nil, true, nil
	}
	if rerr != nil {
		return nil, false, rerr
	}
	sort.Slice(infos, func(i, j int) bool { return infos[i].Name() < infos[j].Name() })
	return infos, false, nil
}
