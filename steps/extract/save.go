package extract

import (
	"bufio"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"

	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
)

// Mode is a save mode, as Spark's DataFrameWriter.mode takes it.
type Mode int

// The save modes.
const (
	// ErrorIfExists fails when the path exists, and touches nothing (Spark's default).
	ErrorIfExists Mode = iota
	// Overwrite replaces the path's data. Readers see the old data or the new, never a mix.
	Overwrite
	// Append adds new part files beside the ones already there.
	Append
)

func (m Mode) String() string {
	switch m {
	case ErrorIfExists:
		return "error"
	case Overwrite:
		return "overwrite"
	case Append:
		return "append"
	}
	return fmt.Sprintf("mode(%d)", int(m))
}

// ParseMode reads a mode name: error (or errorifexists), overwrite, append.
func ParseMode(s string) (Mode, error) {
	switch strings.ToLower(s) {
	case "", "error", "errorifexists", "default":
		return ErrorIfExists, nil
	case "overwrite":
		return Overwrite, nil
	case "append":
		return Append, nil
	}
	return 0, fmt.Errorf("%w: unknown save mode %q: choose error, overwrite or append", ErrBadConfig, s)
}

// SuccessFile is the empty marker Spark writes once a job's output is complete.
const SuccessFile = "_SUCCESS"

// Save is one write of Parquet part files to a warehouse path. Part files are
// written where readers do not look, and appear together on Commit:
//
//   - ErrorIfExists and Overwrite write a hidden sibling directory
//     (/tmp/.purchases-<id>.tmp) that Commit puts in place with
//     warehouse.Replace: an atomic exchange with the old directory where the
//     filesystem has one (local, on Linux), else two renames (HDFS).
//   - Append writes under <path>/_temporary/<id> (names starting with _ or .
//     are hidden from Hive, Presto and Spark) and Commit renames each part into <path>.
//
// Abort, or a failed Commit, removes what the write left and keeps the old
// data whole. A write killed at any point is resolved by the next Begin of
// the same path (warehouse.Recover): the old data or the new is whole at
// the path, and the hidden directories are gone.
type Save struct {
	fs    warehouse.FS
	path  string
	mode  Mode
	id    string
	stage string // where parts are written
	parts []string
	done  bool
}

// Begin starts a write of path in mode. With ErrorIfExists it fails at once
// (wrapping ErrPathExists) when path exists.
func Begin(fsys warehouse.FS, p string, mode Mode) (*Save, error) {
	if !strings.HasPrefix(p, "/") {
		return nil, fmt.Errorf("%w: path %q must be absolute, like /tmp/purchases", ErrBadConfig, p)
	}
	p = path.Clean(p)
	if p == "/" {
		return nil, fmt.Errorf("%w: cannot write to the warehouse root", ErrBadConfig)
	}
	s := &Save{fs: fsys, path: p, mode: mode, id: newUUID()}
	if err := warehouse.Recover(fsys, p); err != nil {
		return nil, err
	}
	info, err := fsys.Stat(p)
	exists := err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("stat %s: %w", p, err)
	}
	if exists && !info.IsDir() {
		return nil, fmt.Errorf("path %s exists and is not a directory", fsys.URI(p))
	}
	switch {
	case exists && mode == ErrorIfExists:
		return nil, existsError(fsys, p)
	case exists && mode == Append:
		s.stage = path.Join(p, "_temporary", s.id)
	default:
		s.stage = warehouse.StagePath(p, s.id)
	}
	if err := fsys.MkdirAll(s.stage); err != nil {
		return nil, fmt.Errorf("create %s: %w", s.stage, err)
	}
	return s, nil
}

func existsError(fsys warehouse.FS, p string) error {
	return fmt.Errorf("path %s %w.", fsys.URI(p), ErrPathExists)
}

// Path is the path being written.
func (s *Save) Path() string { return s.path }

// Create starts the next part file, part-NNNNN-<uuid>-c000.snappy.parquet.
// Close the writer before Commit; a failed Close fails the write.
func (s *Save) Create() (name string, w io.WriteCloser, err error) {
	name = fmt.Sprintf("part-%05d-%s-c000.snappy.parquet", len(s.parts), s.id)
	f, err := s.fs.Create(path.Join(s.stage, name))
	if err != nil {
		return "", nil, fmt.Errorf("create part: %w", err)
	}
	s.parts = append(s.parts, name)
	return name, &bufferedFile{Writer: bufio.NewWriterSize(f, 1<<20), f: f}, nil
}

type bufferedFile struct {
	*bufio.Writer
	f io.WriteCloser
}

func (b *bufferedFile) Close() error {
	err := b.Flush()
	if cerr := b.f.Close(); err == nil {
		err = cerr
	}
	return err
}

// dropParts removes the part files created so far; the next Create starts
// again at part-00000.
func (s *Save) dropParts() error {
	for _, name := range s.parts {
		if err := s.fs.RemoveAll(path.Join(s.stage, name)); err != nil {
			return fmt.Errorf("remove %s: %w", name, err)
		}
	}
	s.parts = nil
	return nil
}

// Commit makes the part files visible at once, with an empty _SUCCESS, and
// returns the paths of the new part files.
func (s *Save) Commit() ([]string, error) {
	if s.done {
		return nil, errors.New("save: already committed or aborted")
	}
	s.done = true
	files := make([]string, len(s.parts))
	for i, name := range s.parts {
		files[i] = path.Join(s.path, name)
	}
	if strings.HasPrefix(s.stage, path.Join(s.path, "_temporary")+"/") {
		return files, s.commitAppend()
	}
	if err := s.touchSuccess(s.stage); err != nil {
		s.cleanup()
		return nil, err
	}
	_, err := s.fs.Stat(s.path)
	switch {
	case err == nil && s.mode == ErrorIfExists:
		s.cleanup()
		return nil, existsError(s.fs, s.path)
	case err == nil && s.mode == Append: // a path created meanwhile
		return s.moveParts(files)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		s.cleanup()
		return nil, fmt.Errorf("stat %s: %w", s.path, err)
	}
	if err := s.checkStaged(); err != nil {
		s.cleanup()
		return nil, err
	}
	if err := warehouse.Replace(s.fs, s.path, s.id); err != nil {
		if errors.Is(err, fs.ErrExist) && s.mode == ErrorIfExists {
			s.cleanup()
			return nil, existsError(s.fs, s.path)
		}
		err = errors.Join(fmt.Errorf("commit %s: %w", s.path, err), warehouse.Recover(s.fs, s.path))
		if len(files) == 0 {
			return nil, err
		}
		if _, serr := s.fs.Stat(files[0]); serr == nil {
			return files, err // the new data is in place; only the old was left behind
		}
		return nil, err
	}
	return files, nil
}

// checkStaged makes sure every staged file is still there: a recovery pass
// of another writer of the same path (one writer at a time is the rule)
// may have removed the stage, and the writes after would have made it
// again, partly.
func (s *Save) checkStaged() error {
	for _, name := range append(s.parts, SuccessFile) {
		if _, err := s.fs.Stat(path.Join(s.stage, name)); err != nil {
			return fmt.Errorf("commit %s: staged %s: %w (was the path written by two writers at once?)", s.path, name, err)
		}
	}
	return nil
}

// moveParts moves each staged part into an existing s.path.
func (s *Save) moveParts(files []string) ([]string, error) {
	s.done = true
	for i, name := range s.parts {
		if err := s.fs.Rename(path.Join(s.stage, name), files[i]); err != nil {
			for _, f := range files[:i] {
				s.fs.RemoveAll(f)
			}
			s.cleanup()
			return nil, fmt.Errorf("commit %s: %w", files[i], err)
		}
	}
	s.cleanup()
	if err := s.touchSuccess(s.path); err != nil {
		return files, err
	}
	return files, nil
}

func (s *Save) commitAppend() error {
	files := make([]string, len(s.parts))
	for i, name := range s.parts {
		files[i] = path.Join(s.path, name)
	}
	_, err := s.moveParts(files)
	tmp := path.Join(s.path, "_temporary")
	if left, rerr := s.fs.ReadDir(tmp); rerr == nil && len(left) == 0 {
		s.fs.RemoveAll(tmp)
	}
	return err
}

func (s *Save) touchSuccess(dir string) error {
	f, err := s.fs.Create(path.Join(dir, SuccessFile))
	if err != nil {
		return fmt.Errorf("write %s: %w", SuccessFile, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", SuccessFile, err)
	}
	return nil
}

// Abort removes what the write staged; the path keeps its old data.
func (s *Save) Abort() error {
	if s.done {
		return nil
	}
	s.done = true
	return s.cleanup()
}

func (s *Save) cleanup() error {
	return s.fs.RemoveAll(s.stage)
}

// SaveTable writes t to p in mode as one part file and commits it.
func SaveTable(fsys warehouse.FS, p string, mode Mode, t Table) ([]string, error) {
	s, err := Begin(fsys, p, mode)
	if err != nil {
		return nil, err
	}
	if err := s.writeParquet(func(pw *ParquetWriter) error { return pw.Write(t.Rows) }, t.Schema); err != nil {
		s.Abort()
		return nil, err
	}
	return s.Commit()
}

// writeParquet writes one part file of schema sch with fill.
func (s *Save) writeParquet(fill func(*ParquetWriter) error, sch Schema) error {
	_, w, err := s.Create()
	if err != nil {
		return err
	}
	pw, err := NewParquetWriter(w, sch)
	if err == nil {
		err = fill(pw)
	}
	if err == nil {
		err = pw.Close()
	}
	if cerr := w.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("write part: %w", cerr)
	}
	return err
}

// newUUID returns a random (version 4) UUID.
func newUUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
