package warehouse

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
)

// A directory is replaced by staging the new tree in a hidden sibling,
// named after the path and the writer's id, and swapping it in:
//
//	/tmp/.purchases-<id>.tmp   the new tree, while it is written
//	/tmp/.purchases-<id>.old   the old tree, during a two-rename swap
//
// Names starting with "." are hidden from Hive, Presto and Spark. A swap
// killed at any point leaves one of these states, which Recover resolves
// the same way every time:
//
//	the path exists            every sibling stage is a dead write or the old
//	                           tree of a finished swap: removed
//	the path is missing and    killed between the two renames: the .old goes
//	an .old exists             back in place (the write that was killed never
//	                           happened), then as above
//	neither                    a first write was killed: stages removed
//
// Recover assumes one writer of a path at a time, as Spark's overwrite
// does: it removes the stage of a write still running, which then fails.

// Exchanger is a filesystem that swaps two paths atomically (Local on Linux).
type Exchanger interface {
	// Exchange swaps two existing paths; errors.ErrUnsupported if the filesystem cannot.
	Exchange(oldname, newname string) error
}

// StagePath is the hidden sibling of p that write id stages a new tree in.
func StagePath(p, id string) string {
	dir, base := path.Split(p)
	return path.Join(dir, "."+base+"-"+id+".tmp")
}

func oldPath(p, id string) string {
	dir, base := path.Split(p)
	return path.Join(dir, "."+base+"-"+id+".old")
}

// Replace puts the complete tree staged at StagePath(p, id) at p. If p
// exists it is swapped atomically where the filesystem can exchange (a
// reader of p sees the old tree or the new one, never none); elsewhere (HDFS)
// by two renames, p moved aside then the stage moved in, with a window
// between them where p is missing. The old tree is then removed. A failure
// before the new tree is in place puts the old one back; a crash is
// resolved by Recover. If p does not exist, the stage is renamed to p, and
// fails with fs.ErrExist if p appeared meanwhile.
func Replace(fsys FS, p, id string) error {
	stage := StagePath(p, id)
	if _, err := fsys.Stat(p); errors.Is(err, fs.ErrNotExist) {
		return fsys.Rename(stage, p)
	} else if err != nil {
		return fmt.Errorf("replace %s: %w", p, err)
	}
	if x, ok := fsys.(Exchanger); ok {
		err := x.Exchange(stage, p)
		if err == nil {
			// The stage now holds the old tree.
			if err := fsys.RemoveAll(stage); err != nil {
				return fmt.Errorf("replace %s: remove old data: %w", p, err)
			}
			return nil
		}
		if !errors.Is(err, errors.ErrUnsupported) {
			return fmt.Errorf("replace %s: %w", p, err)
		}
	}
	old := oldPath(p, id)
	if err := fsys.Rename(p, old); err != nil {
		return fmt.Errorf("replace %s: move old data aside: %w", p, err)
	}
	if err := fsys.Rename(stage, p); err != nil {
		if rerr := fsys.Rename(old, p); rerr != nil {
			return errors.Join(fmt.Errorf("replace %s: %w", p, err),
				fmt.Errorf("put old data back: %w (Recover puts it back)", rerr))
		}
		return fmt.Errorf("replace %s: %w", p, err)
	}
	if err := fsys.RemoveAll(old); err != nil {
		return fmt.Errorf("replace %s: remove old data: %w", p, err)
	}
	return nil
}

// Recover resolves what interrupted writes of p left beside it (see the
// states above): afterwards p holds a whole tree, or is missing if it never
// had one, and no stage of p is left.
func Recover(fsys FS, p string) error {
	p, err := clean(p)
	if err != nil {
		return err
	}
	dir, base := path.Split(p)
	infos, err := fsys.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("recover %s: %w", p, err)
	}
	re := regexp.MustCompile(`^\.` + regexp.QuoteMeta(base) + uuidSuffix)
	var stages, olds []fs.FileInfo
	for _, fi := range infos {
		switch m := re.FindStringSubmatch(fi.Name()); {
		case m == nil:
		case m[1] == "old":
			olds = append(olds, fi)
		default:
			stages = append(stages, fi)
		}
	}
	if len(stages) == 0 && len(olds) == 0 {
		return nil
	}
	if _, err := fsys.Stat(p); errors.Is(err, fs.ErrNotExist) && len(olds) > 0 {
		// Killed between the two renames. Only one swap of p runs at a
		// time, so there is one .old; were there more, the newest is the
		// latest data p held.
		sort.Slice(olds, func(i, j int) bool { return olds[i].ModTime().After(olds[j].ModTime()) })
		if err := fsys.Rename(path.Join(dir, olds[0].Name()), p); err != nil {
			return fmt.Errorf("recover %s: put old data back: %w", p, err)
		}
		olds = olds[1:]
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("recover %s: %w", p, err)
	}
	var errs []error
	for _, fi := range append(stages, olds...) {
		if err := fsys.RemoveAll(path.Join(dir, fi.Name())); err != nil {
			errs = append(errs, fmt.Errorf("recover %s: remove %s: %w", p, fi.Name(), err))
		}
	}
	return errors.Join(errs...)
}

const uuidSuffix = `-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(tmp|old)$`

var anyStage = regexp.MustCompile(`^\.(.+)` + uuidSuffix)

// RecoverAll runs Recover for every path under root that an interrupted
// write left a stage beside: the pass to make when a stack starts, before
// anything writes. It does not look inside hidden directories.
func RecoverAll(fsys FS, root string) error {
	root, err := clean(root)
	if err != nil {
		return err
	}
	infos, err := fsys.ReadDir(root)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("recover %s: %w", root, err)
	}
	var errs []error
	done := map[string]bool{}
	for _, fi := range infos {
		if m := anyStage.FindStringSubmatch(fi.Name()); m != nil {
			if p := path.Join(root, m[1]); !done[p] {
				done[p] = true
				errs = append(errs, Recover(fsys, p))
			}
		}
	}
	// Directories again: a recovered path is one now.
	infos, err = fsys.ReadDir(root)
	if err != nil {
		return errors.Join(append(errs, fmt.Errorf("recover %s: %w", root, err))...)
	}
	for _, fi := range infos {
		if fi.IsDir() && fi.Name()[0] != '.' && fi.Name()[0] != '_' {
			errs = append(errs, RecoverAll(fsys, path.Join(root, fi.Name())))
		}
	}
	return errors.Join(errs...)
}
