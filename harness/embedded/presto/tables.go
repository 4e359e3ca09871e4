package presto

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
)

// A Hive table is a DuckDB view hive."db"."table" over the Parquet files
// of its location, rebuilt whenever the table's definition or files change:
// new files join the next query (schema on read, immutability).

// localDir maps a table location to a local directory: file:///abs/dir,
// file:/abs/dir or /abs/dir.
func localDir(location string) (string, error) {
	if strings.HasPrefix(location, "/") {
		return filepath.Clean(location), nil
	}
	u, err := url.Parse(location)
	if err != nil || u.Scheme != "file" || u.Path == "" {
		return "", fmt.Errorf("%w: %q (the embedded Presto reads file:// locations)", ErrUnsupportedLocation, location)
	}
	return filepath.Clean(u.Path), nil
}

// dataFiles lists the files of a table directory as Hive reads them: regular,
// non-empty files not starting with _ or . (_SUCCESS, _temporary, .crc and
// half-written files are hidden). A missing directory has no files.
func dataFiles(dir string) ([]os.FileInfo, error) {
	// Listed as one whole tree, never the old one that an overwrite
	// (warehouse.Replace) exchanged away and is emptying.
	entries, err := warehouse.ReadDirStable(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", dir, err)
	}
	var files []os.FileInfo
	for _, info := range entries {
		name := info.Name()
		if strings.HasPrefix(name, "_") || strings.HasPrefix(name, ".") || !info.Mode().IsRegular() || info.Size() == 0 {
			continue
		}
		files = append(files, info)
	}
	return files, nil
}

// viewSignature identifies what a table's view was built from.
func viewSignature(t Table, dir string, files []os.FileInfo) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", dir)
	for _, c := range t.Columns {
		fmt.Fprintf(&b, "c %s %s\n", c.Name, c.Type)
	}
	for _, c := range t.PartitionKeys {
		fmt.Fprintf(&b, "p %s %s\n", c.Name, c.Type)
	}
	for _, f := range files {
		fmt.Fprintf(&b, "f %s %d %d\n", f.Name(), f.Size(), f.ModTime().UnixNano())
	}
	return b.String()
}

// viewSQL is the SELECT of a table's view: each declared column read from the
// file column of the same name compared case-insensitively, NULL when the
// files have none (Hive declares User_Agent, the files hold User-Agent).
func viewSQL(ctx context.Context, conn *sql.Conn, t Table, dir string, files []os.FileInfo) (string, error) {
	var fileCols map[string]string // lower-case name → name in the files
	from := ""
	if len(files) > 0 {
		paths := make([]string, len(files))
		for i, f := range files {
			paths[i] = quoteString(filepath.Join(dir, f.Name()))
		}
		from = " FROM read_parquet([" + strings.Join(paths, ", ") + "], union_by_name = true)"
		rows, err := conn.QueryContext(ctx, "DESCRIBE SELECT *"+from)
		if err != nil {
			return "", fmt.Errorf("read parquet schema of %s.%s: %w", t.DB, t.Name, err)
		}
		defer rows.Close()
		fileCols = map[string]string{}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				return "", fmt.Errorf("read parquet schema of %s.%s: %w", t.DB, t.Name, err)
			}
			name := fmt.Sprint(vals[0])
			if _, dup := fileCols[strings.ToLower(name)]; !dup {
				fileCols[strings.ToLower(name)] = name
			}
		}
		if err := rows.Err(); err != nil {
			return "", fmt.Errorf("read parquet schema of %s.%s: %w", t.DB, t.Name, err)
		}
	}
	var exprs []string
	for _, c := range append(append([]Column{}, t.Columns...), t.PartitionKeys...) {
		ht, err := fromHive(c.Type)
		if err != nil {
			return "", fmt.Errorf("column %s of %s.%s: %w", c.Name, t.DB, t.Name, err)
		}
		name := strings.ToLower(c.Name)
		src := "NULL"
		if fc, ok := fileCols[name]; ok {
			src = quoteIdent(fc)
		}
		exprs = append(exprs, fmt.Sprintf("CAST(%s AS %s) AS %s", src, ht.duck, quoteIdent(name)))
	}
	if len(exprs) == 0 {
		return "", fmt.Errorf("table %s.%s has no columns", t.DB, t.Name)
	}
	q := "SELECT " + strings.Join(exprs, ", ")
	if from == "" {
		return q + " WHERE false", nil
	}
	return q + from, nil
}
