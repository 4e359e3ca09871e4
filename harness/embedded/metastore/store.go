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

// CatalogFile is the file, in the server's directory, that holds the catalog.
const CatalogFile = "catalog.json"

// store is the catalog: databases and their tables, in memory, written to
// CatalogFile after every change (write beside, then rename: a crash leaves
// the old catalog or the new one).
type store struct {
	dir       string
	warehouse string

	mu  sync.RWMutex
	cat catalog
}

type catalog struct {
	Databases map[string]*hive_metastore.Database         `json:"databases"`
	Tables    map[string]map[string]*hive_metastore.Table `json:"tables"`
}

func openStore(dir, warehouse string) (*store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("metastore dir: %w", err)
	}
	s := &store{dir: dir, warehouse: strings.TrimRight(warehouse, "/")}
	b, err := os.ReadFile(filepath.Join(dir, CatalogFile))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		s.cat = catalog{Databases: map[string]*hive_metastore.Database{}, Tables: map[string]map[string]*hive_metastore.Table{}}
	case err != nil:
		return nil, fmt.Errorf("read metastore catalog: %w", err)
	default:
		if err := json.Unmarshal(b, &s.cat); err != nil {
			return nil, fmt.Errorf("read metastore catalog %s: %w", filepath.Join(dir, CatalogFile), err)
		}
		if s.cat.Databases == nil {
			s.cat.Databases = map[string]*hive_metastore.Database{}
		}
		if s.cat.Tables == nil {
			s.cat.Tables = map[string]map[string]*hive_metastore.Table{}
		}
	}
	if _, ok := s.cat.Databases["default"]; !ok {
		s.cat.Databases["default"] = &hive_metastore.Database{
			Name:        "default",
			Description: "Default Hive database",
			LocationUri: s.warehouse + "/user/hive/warehouse",
			Parameters:  map[string]string{},
			OwnerName:   ptr("public"),
			OwnerType:   ptr(hive_metastore.PrincipalType_ROLE),
			CreateTime:  ptr(int32(time.Now().Unix())),
		}
		s.cat.Tables["default"] = map[string]*hive_metastore.Table{}
		if err := s.save(); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// save writes the catalog; the caller holds mu (or is alone).
func (s *store) save() error {
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
	return nil
}

// update runs f under the write lock and saves the catalog if f succeeded.
// If the save fails, the catalog is read back from disk, so memory and disk
// agree and the caller gets the error.
func (s *store) update(f func(c *catalog) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := f(&s.cat); err != nil {
		return err
	}
	if err := s.save(); err != nil {
		if b, rerr := os.ReadFile(filepath.Join(s.dir, CatalogFile)); rerr == nil {
			var old catalog
			if json.Unmarshal(b, &old) == nil {
				s.cat = old
			}
		}
		return err
	}
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
