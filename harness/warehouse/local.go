package warehouse

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Local is a warehouse in a local directory, as Spark's local mode uses file://.
// The warehouse path /tmp/purchases is Root/tmp/purchases: nothing is written outside Root.
type Local struct {
	Root string
}

// NewLocal returns the warehouse rooted at dir, creating dir if needed.
func NewLocal(dir string) (*Local, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("local warehouse: %w", err)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return nil, fmt.Errorf("local warehouse: %w", err)
	}
	return &Local{Root: abs}, nil
}

// OSPath returns the local file path of the warehouse path name.
func (l *Local) OSPath(name string) (string, error) {
	p, err := clean(name)
	if err != nil {
		return "", err
	}
	return filepath.Join(l.Root, filepath.FromSlash(p)), nil
}

func (l *Local) Create(name string) (io.WriteCloser, error) {
	p, err := l.OSPath(name)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return nil, err
	}
	return os.Create(p)
}

type localFile struct {
	*os.File
	size int64
}

func (f localFile) Size() int64 { return f.size }

func (l *Local) Open(name string) (File, error) {
	p, err := l.OSPath(name)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, l.rel(err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	return localFile{f, st.Size()}, nil
}

func (l *Local) Stat(name string) (fs.FileInfo, error) {
	p, err := l.OSPath(name)
	if err != nil {
		return nil, err
	}
	st, err := os.Stat(p)
	return st, l.rel(err)
}

func (l *Local) ReadDir(name string) ([]fs.FileInfo, error) {
	p, err := l.OSPath(name)
	if err != nil {
		return nil, err
	}
	infos, err := ReadDirStable(p)
	return infos, l.rel(err)
}

func (l *Local) MkdirAll(name string) error {
	p, err := l.OSPath(name)
	if err != nil {
		return err
	}
	return os.MkdirAll(p, 0o755)
}

func (l *Local) Rename(oldname, newname string) error {
	op, err := l.OSPath(oldname)
	if err != nil {
		return err
	}
	np, err := l.OSPath(newname)
	if err != nil {
		return err
	}
	if _, err := os.Lstat(np); err == nil {
		return &fs.PathError{Op: "rename", Path: newname, Err: fs.ErrExist}
	}
	if err := os.MkdirAll(filepath.Dir(np), 0o755); err != nil {
		return err
	}
	return l.rel(os.Rename(op, np))
}

func (l *Local) RemoveAll(name string) error {
	p, err := l.OSPath(name)
	if err != nil {
		return err
	}
	if p == l.Root {
		return fmt.Errorf("remove %s: refusing to remove the warehouse root", name)
	}
	return os.RemoveAll(p)
}

func (l *Local) URI(name string) string {
	p, _ := l.OSPath(name)
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(p)}).String()
}

func (l *Local) Path(location string) (string, error) {
	if strings.HasPrefix(location, "/") {
		return clean(location)
	}
	u, err := url.Parse(location)
	if err != nil || u.Scheme != "file" {
		return "", fmt.Errorf("location %q: not in the local warehouse %s", location, l.Root)
	}
	rel, err := filepath.Rel(l.Root, filepath.FromSlash(u.Path))
	if err != nil || rel == ".." || strings.HasPrefix(rel, "../") {
		return "", fmt.Errorf("location %q: outside the local warehouse %s", location, l.Root)
	}
	return path.Clean("/" + filepath.ToSlash(rel)), nil
}

func (l *Local) Close() error { return nil }

// rel rewrites OS paths in errors as warehouse paths, so messages name /tmp/purchases, not the root.
func (l *Local) rel(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		if r, e := filepath.Rel(l.Root, pe.Path); e == nil && !strings.HasPrefix(r, "..") {
			return &fs.PathError{Op: pe.Op, Path: "/" + filepath.ToSlash(r), Err: pe.Err}
		}
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return fmt.Errorf("%s: %w", le.Op, le.Err)
	}
	return err
}
