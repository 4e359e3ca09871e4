package metastore

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/beltran/gohive/hive_metastore"
)

// CatalogFile is the file, in the server's directory, that holds a snapshot
// of the catalog; LogFile holds the changes made since (see catalogLog).
const CatalogFile = "catalog.json"

// store is the catalog: databases and their tables, in memory. A statement's
// changes are appended to LogFile and synced before they are applied, so a
// statement costs what it changes, not the size of the catalog; once the log
// outgrows the snapshot, the snapshot is written again (write beside, sync,
// rename) and the log emptied.
type store struct {
	dir       string
	warehouse string

	mu  sync.RWMutex
	cat catalog
	log *catalogLog
	// compactAt is the smallest log that is compacted (compactFloor).
	compactAt int64
	broken    error // set when the log could not be put back after a failed append
}

// catalog is the snapshot's content. Seq is the last change it includes
// (absent, 0, in a catalog.json written before the log existed).
type catalog struct {
	Seq       uint64                                      `json:"seq,omitempty"`
	Databases map[string]*hive_metastore.Database         `json:"databases"`
	Tables    map[string]map[string]*hive_metastore.Table `json:"tables"`
}

func openStore(dir, warehouse string) (*store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("metastore dir: %w", err)
	}
	s := &store{dir: dir, warehouse: strings.TrimRight(warehouse, "/"), compactAt: compactFloor}
	b, err := os.ReadFile(filepath.Join(dir, CatalogFile))
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("read metastore catalog: %w", err)
	default:
		if err := json.Unmarshal(b, &s.cat); err != nil {
			return nil, fmt.Errorf("read metastore catalog %s: %w", filepath.Join(dir, CatalogFile), err)
		}
	}
	if s.cat.Databases == nil {
		s.cat.Databases = map[string]*hive_metastore.Database{}
	}
	if s.cat.Tables == nil {
		s.cat.Tables = map[string]map[string]*hive_metastore.Table{}
	}
	s.log, err = openCatalogLog(filepath.Join(dir, LogFile), s.cat.Seq, func(r logRecord) {
		for _, ch := range r.Changes {
			ch.apply(&s.cat)
		}
		s.cat.Seq = r.Seq
	})
	if err != nil {
		return nil, err
	}
	s.log.snapshotSize = int64(len(b))
	if _, ok := s.cat.Databases["default"]; !ok {
		err := s.update(func(t *tx) error {
			t.putDatabase(&hive_metastore.Database{
				Name:        "default",
				Description: "Default Hive database",
				LocationUri: s.warehouse + "/user/hive/warehouse",
				Parameters:  map[string]string{},
				OwnerName:   ptr("public"),
				OwnerType:   ptr(hive_metastore.PrincipalType_ROLE),
				CreateTime:  ptr(int32(time.Now().Unix())),
			})
			return nil
		})
		if err != nil {
			s.close()
			return nil, err
		}
	}
	return s, nil
}

// close writes a snapshot of what the log holds (a clean stop leaves the
// catalog in CatalogFile alone) and closes the log.
func (s *store) close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var err error
	if s.log.size > 0 && s.broken == nil {
		if err = s.snapshot(); err == nil {
			err = s.log.reset()
		}
	}
	return errors.Join(err, s.log.close())
}

// snapshot writes the catalog to CatalogFile (write beside, sync, rename,
// sync the directory); the caller holds mu (or is alone).
func (s *store) snapshot() error {
	b, err := json.MarshalIndent(s.cat, "", "  ")
	if err != nil {
		return fmt.Errorf("encode metastore catalog: %w", err)
	}
	tmp := filepath.Join(s.dir, "."+CatalogFile+".tmp")
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("write metastore catalog: %w", err)
	}
	if _, err := f.Write(append(b, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("write metastore catalog: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("write metastore catalog: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write metastore catalog: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(s.dir, CatalogFile)); err != nil {
		return fmt.Errorf("write metastore catalog: %w", err)
	}
	syncDir(s.dir)
	return nil
}

// compact writes a snapshot and empties the log once the log is larger than
// the last snapshot (and than a floor): a statement then pays for the
// snapshot's size only after statements have logged as many bytes, so the
// cost per statement stays in proportion to what it changes. The caller
// holds mu. A failure leaves the log as it is, which is still whole.
func (s *store) compact() error {
	if s.log.size < max(s.compactAt, s.log.snapshotSize) {
		return nil
	}
	if err := s.snapshot(); err != nil {
		return err
	}
	if fi, err := os.Stat(filepath.Join(s.dir, CatalogFile)); err == nil {
		s.log.snapshotSize = fi.Size()
	}
	// The snapshot holds every change up to s.cat.Seq: a crash before the
	// log is emptied replays none of them twice (openCatalogLog skips them).
	return s.log.reset()
}

// compactFloor is the smallest log that is compacted: 1 MiB, a few thousand statements.
const compactFloor = 1 << 20

// update runs f under the write lock; f checks the statement against the
// catalog and records its changes in its tx. The changes are appended to the
// log and synced, then applied: if the append fails, nothing changes, in
// memory or on disk, and the caller gets the error.
func (s *store) update(f func(t *tx) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.broken != nil {
		return s.broken
	}
	t := &tx{catalog: &s.cat}
	if err := f(t); err != nil {
		return err
	}
	if len(t.changes) == 0 {
		return nil
	}
	r := logRecord{Seq: s.cat.Seq + 1, Changes: t.changes}
	if err := s.log.append(r); err != nil {
		if errors.Is(err, errLogBroken) {
			s.broken = metaErr(fmt.Sprintf("metastore catalog: %v: restart the metastore", err))
		}
		return metaErr(err.Error())
	}
	for _, ch := range t.changes {
		ch.apply(&s.cat)
	}
	s.cat.Seq = r.Seq
	// The statement is done: logged and applied. A compaction that fails
	// leaves the log whole, and the next statement tries again.
	s.compact()
	return nil
}

// view runs f under the read lock.
func (s *store) view(f func(c *catalog)) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	f(&s.cat)
}

// sortedKeys returns m's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func ptr[T any](v T) *T { return &v }

// syncDir fsyncs a directory, so that renames in it are on disk. Errors are
// ignored: some file systems cannot sync a directory.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
