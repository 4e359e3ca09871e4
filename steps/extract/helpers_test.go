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
	"github.com/segmentio/kafka-go"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
)

func TestMain(m *testing.M) { harness.Main(m) }

// t0 is the first record's time; record i is t0 + 3ms*i, so timestamps are known.
var t0 = time.Date(2018, 4, 4, 22, 36, 13, 124_000_000, time.UTC)

// event is what the game API logs: the event merged with ab's request headers.
func event(eventType, host string) string {
	return fmt.Sprintf(`{"event_type": %q, "Host": %q, "User-Agent": "ApacheBench/2.3", "Accept": "*/*"}`, eventType, host)
}

// benchRuns are the class's four `ab -n 10` runs, in order.
func benchRuns() []string {
	var vals []string
	for _, run := range []struct{ eventType, host string }{
		{"default", "user1.comcast.com"},
		{"purchase_sword", "user1.comcast.com"},
		{"default", "user2.att.com"},
		{"purchase_sword", "user2.att.com"},
	} {
		for range 10 {
			vals = append(vals, event(run.eventType, run.host))
		}
	}
	return vals
}

// produce writes values to topic with record times t0 + 3ms*(first+i).
func produce(t testing.TB, s *harness.Stack, topic string, first int, values ...string) {
	t.Helper()
	msgs := make([]kafka.Message, len(values))
	for i, v := range values {
		msgs[i] = kafka.Message{Value: []byte(v), Time: recordTime(first + i)}
	}
	s.ProduceMessages(t, topic, msgs...)
}

func recordTime(i int) time.Time { return t0.Add(time.Duration(i) * 3 * time.Millisecond) }

// openFS opens the stack's warehouse.
func openFS(t testing.TB, s *harness.Stack) warehouse.FS {
	t.Helper()
	fsys, err := s.OpenWarehouse()
	require.NoError(t, err)
	t.Cleanup(func() { fsys.Close() })
	return fsys
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
