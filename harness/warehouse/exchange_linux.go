package warehouse

import (
	"errors"
	"fmt"
	"io/fs"

	"golang.org/x/sys/unix"
)

// Exchange swaps oldname and newname atomically (renameat2 with
// RENAME_EXCHANGE): a reader of either path sees one tree or the other,
// never nothing. Both must exist. A filesystem without the call answers
// errors.ErrUnsupported.
func (l *Local) Exchange(oldname, newname string) error {
	op, err := l.OSPath(oldname)
	if err != nil {
		return err
	}
	np, err := l.OSPath(newname)
	if err != nil {
		return err
	}
	err = unix.Renameat2(unix.AT_FDCWD, op, unix.AT_FDCWD, np, unix.RENAME_EXCHANGE)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, unix.EINVAL), errors.Is(err, unix.ENOSYS), errors.Is(err, unix.EXDEV), errors.Is(err, unix.EOPNOTSUPP):
		return fmt.Errorf("exchange %s and %s: %w (%w)", oldname, newname, errors.ErrUnsupported, err)
	}
	return &fs.PathError{Op: "exchange", Path: oldname + " " + newname, Err: err}
}
