package extract_test

import (
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/classdata"
	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
)

func TestMain(m *testing.M) { harness.Main(m) }

// produce writes values to topic with the class's record times from record first on (classdata.Messages).
func produce(t testing.TB, s *harness.Stack, topic string, first int, values ...string) {
	t.Helper()
	s.ProduceMessages(t, topic, classdata.Messages(first, values...)...)
}

var partName = regexp.MustCompile(`^part-\d{5}-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}-c000\.snappy\.parquet$`)

// listing is a directory's entries as "name size".
func listing(t testing.TB, fsys warehouse.FS, dir string) []string {
	t.Helper()
	infos, err := fsys.ReadDir(dir)
	require.NoError(t, err)
	out := make([]string, len(infos))
	for i, fi := range infos {
		out[i] = fmt.Sprintf("%s %d %s", fi.Name(), fi.Size(), fi.ModTime().Format(time.RFC3339Nano))
	}
	return out
}

// partFiles checks dir holds _SUCCESS (empty) and part files only, and returns the parts.
func partFiles(t testing.TB, fsys warehouse.FS, dir string) []string {
	t.Helper()
	infos, err := fsys.ReadDir(dir)
	require.NoError(t, err)
	var parts []string
	success := false
	for _, fi := range infos {
		switch {
		case fi.Name() == "_SUCCESS":
			success = true
			require.Zero(t, fi.Size(), "_SUCCESS is empty")
		case partName.MatchString(fi.Name()):
			parts = append(parts, path.Join(dir, fi.Name()))
		default:
			t.Fatalf("unexpected entry %s in %s", fi.Name(), dir)
		}
	}
	require.True(t, success, "%s has a _SUCCESS file", dir)
	return parts
}

// noLeftovers checks that the parent of p holds nothing from staged writes.
func noLeftovers(t testing.TB, fsys warehouse.FS, p string) {
	t.Helper()
	dir, base := path.Split(p)
	infos, err := fsys.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return
	}
	require.NoError(t, err)
	for _, fi := range infos {
		require.False(t, strings.HasPrefix(fi.Name(), "."+base+"-"), "leftover %s in %s", fi.Name(), dir)
	}
	if _, err := fsys.Stat(path.Join(p, "_temporary")); err == nil {
		t.Fatalf("leftover %s/_temporary", p)
	}
}

// purchase is the inferred shape of a purchase event, as parquet-go reads it back.
type purchase struct {
	Accept    *string `parquet:"Accept,optional"`
	Host      *string `parquet:"Host,optional"`
	UserAgent *string `parquet:"User-Agent,optional"`
	EventType *string `parquet:"event_type,optional"`
	Timestamp *string `parquet:"timestamp,optional"`
}

// readParquet reads every row of the part files with parquet-go, and the files' column names.
func readParquet[T any](t testing.TB, fsys warehouse.FS, files []string) (rows []T, columns [][]string) {
	t.Helper()
	for _, name := range files {
		f, err := fsys.Open(name)
		require.NoError(t, err)
		pf, err := parquet.OpenFile(f, f.Size())
		require.NoError(t, err, "open %s", name)
		var cols []string
		for _, fld := range pf.Schema().Fields() {
			cols = append(cols, fld.Name())
		}
		columns = append(columns, cols)
		rs, err := parquet.Read[T](f, f.Size())
		require.NoError(t, err, "read %s", name)
		rows = append(rows, rs...)
		f.Close()
	}
	return rows, columns
}

// duck copies the part files to a local directory and queries them with DuckDB's read_parquet.
func duck(t testing.TB, fsys warehouse.FS, files []string, query string) [][]string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range files {
		src, err := fsys.Open(name)
		require.NoError(t, err)
		dst, err := os.Create(filepath.Join(dir, path.Base(name)))
		require.NoError(t, err)
		_, err = io.Copy(dst, src)
		require.NoError(t, err)
		require.NoError(t, dst.Close())
		src.Close()
	}
	db, err := sql.Open("duckdb", "")
	require.NoError(t, err)
	defer db.Close()
	q := strings.ReplaceAll(query, "$files", fmt.Sprintf("read_parquet('%s/*.parquet')", dir))
	rows, err := db.Query(q)
	require.NoError(t, err, q)
	defer rows.Close()
	cols, err := rows.Columns()
	require.NoError(t, err)
	var out [][]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		require.NoError(t, rows.Scan(ptrs...))
		line := make([]string, len(cols))
		for i, v := range vals {
			line[i] = v.String
			if !v.Valid {
				line[i] = "NULL"
			}
		}
		out = append(out, line)
	}
	require.NoError(t, rows.Err())
	return out
}
