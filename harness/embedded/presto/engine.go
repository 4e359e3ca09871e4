package presto

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	_ "github.com/duckdb/duckdb-go/v2" // the "duckdb" database/sql driver
)

// engine is the DuckDB database that runs the queries, and the views that
// stand for the catalog's tables: catalog hive, one schema per database.
type engine struct {
	db        *sql.DB
	cat       Catalog
	warehouse []string // the only directories DuckDB may read

	mu      sync.Mutex        // serialises changes of schemas and views
	schemas map[string]bool   // DuckDB schemas made for metastore databases
	views   map[string]string // "db\x00table" → signature of what the view reads
}

// newEngine opens DuckDB locked down: it reads files only under the
// warehouse directories, installs and loads no extension, and its
// configuration is locked, so that no statement can turn any of it back on.
func newEngine(cat Catalog, warehouse []string) (*engine, error) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return nil, fmt.Errorf("open duckdb: %w", err)
	}
	// One connection's settings are the database's: SET GLOBAL.
	setup := []string{"ATTACH ':memory:' AS hive"}
	setup = append(setup, macros...)
	dirs := make([]string, 0, len(warehouse))
	for _, d := range warehouse {
		dirs = append(dirs, quoteString(strings.TrimSuffix(filepath.Clean(d), "/")+"/"))
	}
	setup = append(setup,
		"SET GLOBAL TimeZone = 'UTC'",
		"SET GLOBAL allowed_directories = ["+strings.Join(dirs, ", ")+"]",
		"SET GLOBAL autoinstall_known_extensions = false",
		"SET GLOBAL autoload_known_extensions = false",
		"SET GLOBAL allow_community_extensions = false",
		"SET GLOBAL enable_external_access = false",
		"SET GLOBAL lock_configuration = true",
	)
	for _, stmt := range setup {
		if _, err := db.Exec(stmt); err != nil {
			db.Close()
			return nil, fmt.Errorf("set up duckdb: %s: %w", stmt, err)
		}
	}
	return &engine{db: db, cat: cat, warehouse: warehouse, schemas: map[string]bool{}, views: map[string]string{}}, nil
}

// inWarehouse reports whether dir is one of the warehouse directories or
// under one, as written and once its symbolic links are followed (a link in
// the warehouse to a directory outside it is outside).
func (e *engine) inWarehouse(dir string) bool {
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		real = dir // missing: it has no files to read
	}
	for _, w := range e.warehouse {
		w = filepath.Clean(w)
		rw, err := filepath.EvalSymlinks(w)
		if err != nil {
			rw = w
		}
		if under(w, dir) && under(rw, real) {
			return true
		}
	}
	return false
}

func under(root, dir string) bool {
	rel, err := filepath.Rel(root, dir)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, "../")
}

func (e *engine) close() error { return e.db.Close() }

// databases lists the catalog's databases, sorted.
func (e *engine) databases(ctx context.Context) ([]string, error) {
	dbs, err := e.cat.Databases(ctx)
	if err != nil {
		return nil, fmt.Errorf("list databases: %w", err)
	}
	sort.Strings(dbs)
	return dbs, nil
}

// hasSchema reports whether the catalog has database db.
func (e *engine) hasSchema(ctx context.Context, db string) (bool, error) {
	dbs, err := e.databases(ctx)
	if err != nil {
		return false, err
	}
	for _, d := range dbs {
		if d == db {
			return true, nil
		}
	}
	return false, nil
}

// sync brings the schemas up to date with the catalog's databases, and the
// views of the tables named in a query (names: lower-cased identifiers of
// its text) up to date with their definitions and files.
func (e *engine) sync(ctx context.Context, conn *sql.Conn, names map[string]bool) error {
	dbs, err := e.databases(ctx)
	if err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	present := map[string]bool{}
	for _, db := range dbs {
		present[db] = true
		if !e.schemas[db] {
			if _, err := conn.ExecContext(ctx, "CREATE SCHEMA IF NOT EXISTS hive."+quoteIdent(db)); err != nil {
				return fmt.Errorf("create schema %s: %w", db, err)
			}
			e.schemas[db] = true
		}
	}
	for db := range e.schemas {
		if !present[db] {
			if _, err := conn.ExecContext(ctx, "DROP SCHEMA IF EXISTS hive."+quoteIdent(db)+" CASCADE"); err != nil {
				return fmt.Errorf("drop schema %s: %w", db, err)
			}
			delete(e.schemas, db)
			for k := range e.views {
				if db == splitKey(k)[0] {
					delete(e.views, k)
				}
			}
		}
	}
	for _, db := range dbs {
		tables, err := e.cat.Tables(ctx, db)
		if errors.Is(err, ErrNoSuchSchema) {
			continue // dropped meanwhile
		}
		if err != nil {
			return fmt.Errorf("list tables of %s: %w", db, err)
		}
		exists := map[string]bool{}
		for _, t := range tables {
			exists[t] = true
			if names[t] {
				if err := e.refresh(ctx, conn, db, t); err != nil {
					return err
				}
			}
		}
		for k := range e.views {
			if kd, kt := splitKey(k)[0], splitKey(k)[1]; kd == db && !exists[kt] {
				if _, err := conn.ExecContext(ctx, "DROP VIEW IF EXISTS "+viewName(db, kt)); err != nil {
					return fmt.Errorf("drop view %s.%s: %w", db, kt, err)
				}
				delete(e.views, k)
			}
		}
	}
	return nil
}

// refresh rebuilds the view of db.name when its definition or files changed.
func (e *engine) refresh(ctx context.Context, conn *sql.Conn, db, name string) error {
	t, err := e.cat.Table(ctx, db, name)
	if errors.Is(err, ErrNoSuchTable) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("get table %s.%s: %w", db, name, err)
	}
	dir, err := localDir(t.Location)
	if err != nil {
		return fmt.Errorf("table %s.%s: %w", db, name, err)
	}
	if !e.inWarehouse(dir) {
		return fmt.Errorf("table %s.%s: %w: %s is outside the warehouse", db, name, ErrUnsupportedLocation, t.Location)
	}
	files, err := dataFiles(dir)
	if err != nil {
		return fmt.Errorf("table %s.%s: %w", db, name, err)
	}
	key := db + "\x00" + name
	sig := viewSignature(t, dir, files)
	if e.views[key] == sig {
		return nil
	}
	body, err := viewSQL(ctx, conn, t, dir, files)
	if err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "CREATE OR REPLACE VIEW "+viewName(db, name)+" AS "+body); err != nil {
		return fmt.Errorf("create view %s.%s: %w", db, name, err)
	}
	e.views[key] = sig
	return nil
}

// forget makes the next sync rebuild every view.
func (e *engine) forget() {
	e.mu.Lock()
	defer e.mu.Unlock()
	clear(e.views)
}

func viewName(db, table string) string { return "hive." + quoteIdent(db) + "." + quoteIdent(table) }

func splitKey(k string) [2]string {
	for i := 0; i < len(k); i++ {
		if k[i] == 0 {
			return [2]string{k[:i], k[i+1:]}
		}
	}
	return [2]string{k, ""}
}
