package presto

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Catalog is what the server needs from a Hive Metastore: its databases
// (Presto's schemas), their tables, and where each table's files are.
type Catalog interface {
	Databases(ctx context.Context) ([]string, error)
	Tables(ctx context.Context, db string) ([]string, error)
	// Table returns db.name; an unknown table is an error matching ErrNoSuchTable.
	Table(ctx context.Context, db, name string) (Table, error)
}

// Table is a Hive table as the server reads it.
type Table struct {
	DB   string
	Name string
	// Location is the directory of the table's Parquet files: file:///abs/dir or /abs/dir.
	Location string
	// Columns are the declared columns, in order; Type is Hive's type name (string, bigint, ...).
	Columns []Column
	// PartitionKeys are listed by DESCRIBE; their values read as NULL.
	PartitionKeys []Column
}

// Column is a declared column of a Hive table.
type Column struct {
	Name    string
	Type    string
	Comment string
}

// MemCatalog is a Catalog held in memory, for tests and examples.
type MemCatalog struct {
	mu     sync.Mutex
	tables map[string]map[string]Table
}

// NewMemCatalog returns a catalog with the database "default" and no tables.
func NewMemCatalog() *MemCatalog {
	return &MemCatalog{tables: map[string]map[string]Table{"default": {}}}
}

// CreateDatabase adds database db (nothing when it exists).
func (m *MemCatalog) CreateDatabase(db string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	db = strings.ToLower(db)
	if m.tables[db] == nil {
		m.tables[db] = map[string]Table{}
	}
}

// Put adds or replaces table t, creating its database if needed.
func (m *MemCatalog) Put(t Table) {
	m.CreateDatabase(t.DB)
	m.mu.Lock()
	defer m.mu.Unlock()
	t.DB, t.Name = strings.ToLower(t.DB), strings.ToLower(t.Name)
	m.tables[t.DB][t.Name] = t
}

// Drop removes table db.name.
func (m *MemCatalog) Drop(db, name string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.tables[strings.ToLower(db)], strings.ToLower(name))
}

// Databases implements Catalog.
func (m *MemCatalog) Databases(context.Context) ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var dbs []string
	for db := range m.tables {
		dbs = append(dbs, db)
	}
	sort.Strings(dbs)
	return dbs, nil
}

// Tables implements Catalog.
func (m *MemCatalog) Tables(_ context.Context, db string) ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	ts, ok := m.tables[db]
	if !ok {
		return nil, fmt.Errorf("database %s: %w", db, ErrNoSuchSchema)
	}
	var names []string
	for n := range ts {
		names = append(names, n)
	}
	sort.Strings(names)
	return names, nil
}

// Table implements Catalog.
func (m *MemCatalog) Table(_ context.Context, db, name string) (Table, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.tables[db][name]
	if !ok {
		return Table{}, fmt.Errorf("table %s.%s: %w", db, name, ErrNoSuchTable)
	}
	return t, nil
}
