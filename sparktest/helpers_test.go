package sparktest

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2" // reads the jobs' Parquet files
	"github.com/segmentio/kafka-go"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness/stack"
	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
)

// jobTimeout bounds one Spark job: 11-26 s on an idle 2-core machine, over
// 5 minutes on a loaded one.
const jobTimeout = 15 * time.Minute

// env is the stack and the lab binary the tests run against: `make test-spark`
// starts a stack with `lab up -d` and gives its directory as LAB_DIR.
type env struct {
	dir, lab string
	st       stack.State
	fs       warehouse.FS
}

func setup(t testing.TB) *env {
	t.Helper()
	dir, bin := os.Getenv("LAB_DIR"), os.Getenv("LAB_BIN")
	if dir == "" || bin == "" || os.Getenv("LAB_SPARK") == "" {
		t.Skip("the Spark comparison runs with `make test-spark` (LAB_SPARK=1, LAB_DIR of a running stack, LAB_BIN)")
	}
	for _, tool := range []string{"java", "mvn", "python3"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not found on PATH: lab spark-submit needs python3 with venv, Java and Maven", tool)
		}
	}
	st, err := stack.ReadState(dir)
	require.NoError(t, err)
	fsys, err := st.OpenWarehouse()
	require.NoError(t, err)
	t.Cleanup(func() { fsys.Close() })
	return &env{dir: dir, lab: bin, st: st, fs: fsys}
}

// run runs `lab ARGS --dir DIR` and returns its stdout and stderr.
func (e *env) run(t testing.TB, timeout time.Duration, args ...string) (string, string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, e.lab, append([]string{"--dir", e.dir}, args...)...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	return out.String(), errOut.String(), err
}

func (e *env) mustRun(t testing.TB, args ...string) string {
	t.Helper()
	out, errOut, err := e.run(t, jobTimeout, args...)
	require.NoError(t, err, "lab %s:\n%s\n%s", strings.Join(args, " "), out, tail(errOut, 40))
	return out
}

// rm removes warehouse paths, if they exist.
func (e *env) rm(t testing.TB, paths ...string) {
	t.Helper()
	for _, p := range paths {
		require.NoError(t, e.fs.RemoveAll(p), "rm %s", p)
	}
}

// job is a class job's path.
func job(name string) string {
	p, _ := filepath.Abs(filepath.Join("..", "fixtures", "class", name))
	return p
}

// produce writes the values to topic in one request to its first
// partition, acknowledged by the broker: a streaming query sees all of them
// in one micro-batch or none.
func (e *env) produce(t testing.TB, topic string, values ...string) {
	t.Helper()
	w := &kafka.Writer{Addr: kafka.TCP(e.st.Kafka...), Topic: topic, RequiredAcks: kafka.RequireAll,
		AllowAutoTopicCreation: true, BatchTimeout: time.Millisecond, BatchSize: len(values) + 1,
		Balancer: kafka.BalancerFunc(func(_ kafka.Message, partitions ...int) int { return partitions[0] })}
	defer w.Close()
	msgs := make([]kafka.Message, len(values))
	for i, v := range values {
		msgs[i] = kafka.Message{Value: []byte(v)}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var err error
	for ctx.Err() == nil { // the topic may still be being created
		if err = w.WriteMessages(ctx, msgs...); err == nil {
			return
		}
		select {
		case <-ctx.Done():
		case <-time.After(200 * time.Millisecond):
		}
	}
	require.NoError(t, err)
}

// deleteTopic deletes topic and waits until the broker no longer lists it.
func (e *env) deleteTopic(t testing.TB, topic string) {
	t.Helper()
	c := &kafka.Client{Addr: kafka.TCP(e.st.Kafka...), Timeout: 30 * time.Second}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := c.DeleteTopics(ctx, &kafka.DeleteTopicsRequest{Topics: []string{topic}})
	require.NoError(t, err)
	if err := res.Errors[topic]; err != nil && !errors.Is(err, kafka.UnknownTopicOrPartition) {
		require.NoError(t, err)
	}
	for {
		md, err := c.Metadata(ctx, &kafka.MetadataRequest{}) // every topic: naming it could create it again
		require.NoError(t, err)
		listed := false
		for _, tp := range md.Topics {
			listed = listed || tp.Name == topic
		}
		if !listed {
			return
		}
		select {
		case <-ctx.Done():
			require.FailNow(t, "topic "+topic+" still listed 30 s after its deletion")
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// column is a Parquet column as DuckDB reads it.
type column struct{ Name, Type string }

// table is a directory of Parquet files read back: its columns in file
// order, its rows as name -> value (NULL as "<null>"), sorted by value.
type table struct {
	Columns []column
	Rows    []map[string]string
}

// readParquet copies the Parquet files under dir in the warehouse to a
// temporary directory and reads them with DuckDB.
func (e *env) readParquet(t testing.TB, dir string) table {
	t.Helper()
	local := t.TempDir()
	infos, err := e.fs.ReadDir(dir)
	require.NoError(t, err, "list %s", dir)
	n := 0
	for _, fi := range infos {
		if !strings.HasSuffix(fi.Name(), ".parquet") || fi.Size() == 0 {
			continue
		}
		f, err := e.fs.Open(dir + "/" + fi.Name())
		require.NoError(t, err)
		b, err := io.ReadAll(f)
		f.Close()
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(local, fi.Name()), b, 0o644))
		n++
	}
	require.NotZero(t, n, "no parquet files in %s", dir)
	db, err := sql.Open("duckdb", "")
	require.NoError(t, err)
	defer db.Close()
	src := fmt.Sprintf("read_parquet('%s/*.parquet')", local)
	var tb table
	rows, err := db.Query("DESCRIBE SELECT * FROM " + src)
	require.NoError(t, err)
	for rows.Next() {
		var name, typ string
		var null, key, def, extra sql.NullString
		require.NoError(t, rows.Scan(&name, &typ, &null, &key, &def, &extra))
		tb.Columns = append(tb.Columns, column{name, typ})
	}
	require.NoError(t, rows.Err())
	rows.Close()
	rows, err = db.Query("SELECT COLUMNS(*)::VARCHAR FROM " + src)
	require.NoError(t, err)
	defer rows.Close()
	for rows.Next() {
		vals := make([]sql.NullString, len(tb.Columns))
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		require.NoError(t, rows.Scan(ptrs...))
		row := map[string]string{}
		for i, c := range tb.Columns {
			row[c.Name] = "<null>"
			if vals[i].Valid {
				row[c.Name] = vals[i].String
			}
		}
		tb.Rows = append(tb.Rows, row)
	}
	require.NoError(t, rows.Err())
	sortRows(tb.Rows)
	return tb
}

// sortRows orders rows by their values, column names sorted.
func sortRows(rows []map[string]string) {
	key := func(r map[string]string) string {
		names := make([]string, 0, len(r))
		for n := range r {
			names = append(names, n)
		}
		sort.Strings(names)
		var b strings.Builder
		for _, n := range names {
			b.WriteString(n + "=" + r[n] + "\x00")
		}
		return b.String()
	}
	sort.Slice(rows, func(i, j int) bool { return key(rows[i]) < key(rows[j]) })
}

// byName is the columns as name -> type.
func (tb table) byName() map[string]string {
	m := map[string]string{}
	for _, c := range tb.Columns {
		m[c.Name] = c.Type
	}
	return m
}

func (tb table) names() []string {
	var n []string
	for _, c := range tb.Columns {
		n = append(n, c.Name)
	}
	return n
}

// showTable is the lines of the first show() table in out (+--- and | lines).
func showTable(out string) []string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "+-") || strings.HasPrefix(l, "|") {
			lines = append(lines, l)
		} else if len(lines) > 0 {
			break
		}
	}
	return lines
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// flaskEvent is an event as the class's game_api.py logs it for ab: the
// event_type, then the headers in the order ab sends them and Flask keeps.
func flaskEvent(eventType, host string) string {
	return fmt.Sprintf(`{"event_type": %q, "Host": %q, "User-Agent": "ApacheBench/2.3", "Accept": "*/*"}`, eventType, host)
}
