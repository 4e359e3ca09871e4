package stream_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/classdata"
	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
	"github.com/fullstack-lab/fullstack-lab/steps/extract"
	"github.com/fullstack-lab/fullstack-lab/steps/stream"
)

func ctx(t testing.TB) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return c
}

func newQuery(t testing.TB, cfg stream.Config) *stream.Query {
	t.Helper()
	q, err := stream.New(ctx(t), cfg)
	require.NoError(t, err)
	t.Cleanup(func() { q.Close() })
	return q
}

func trig(t testing.TB, q *stream.Query) (stream.BatchResult, bool) {
	t.Helper()
	res, ran, err := q.Trigger(ctx(t))
	require.NoError(t, err)
	return res, ran
}

func repeat(n int, v string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = v
	}
	return out
}

// filter_swords_stream.py: each batch on the console as Spark prints it.
func TestConsoleBatches(t *testing.T) {
	t.Parallel()
	s := harness.Start(t)
	topic := s.Name("events")
	fsys := s.WarehouseFS(t)
	var vals []string
	vals = append(vals, repeat(10, classdata.Event("default", "user1.comcast.com"))...)
	vals = append(vals, repeat(10, classdata.Event("purchase_sword", "user1.comcast.com"))...)
	vals = append(vals, repeat(10, classdata.Event("default", "user2.att.com"))...)
	vals = append(vals, repeat(10, classdata.Event("purchase_sword", "user2.att.com"))...)
	vals = append(vals, "not json")
	s.Produce(t, topic, vals...)

	var out bytes.Buffer
	q := newQuery(t, stream.Config{Brokers: s.Kafka, Topic: topic, FS: fsys, StartingOffsets: stream.Earliest, Out: &out})
	res, ran := trig(t, q)
	require.True(t, ran)
	assert.EqualValues(t, 0, res.ID)
	assert.EqualValues(t, 41, res.Read)
	assert.EqualValues(t, 20, res.Filtered)
	assert.EqualValues(t, 20, res.Rows)
	assert.Equal(t, extract.Skipped{extract.InvalidJSON: 1}, res.Skipped)
	assert.Equal(t, stream.Offsets{0: 0}, res.Start)
	assert.Equal(t, stream.Offsets{0: 41}, res.End)

	lines := strings.Split(out.String(), "\n")
	require.Greater(t, len(lines), 30, out.String())
	assert.Equal(t, []string{
		"-------------------------------------------",
		"Batch: 0",
		"-------------------------------------------",
		"+--------------------+--------------------+------+-----------------+---------------+--------------+",
		"|           raw_event|           timestamp|Accept|             Host|     User-Agent|    event_type|",
		"+--------------------+--------------------+------+-----------------+---------------+--------------+",
	}, lines[:6])
	data := regexp.MustCompile(`^\|\{"event_type": "p\.\.\.\|\d{4}-\d\d-\d\d \d\d:\d\d:(\.\.\.|\d\d)\|   \*/\*\|(user1\.comcast\.com|    user2\.att\.com)\|ApacheBench/2\.3\|purchase_sword\|$`)
	for i, l := range lines[6:26] {
		assert.Regexp(t, data, l, "row %d", i)
	}
	assert.Equal(t, []string{
		"+--------------------+--------------------+------+-----------------+---------------+--------------+",
		"",
		"Skipped 1 malformed record (invalid JSON: 1)",
		"",
		"",
	}, lines[26:])

	// Nothing new: no batch, nothing printed.
	out.Reset()
	_, ran = trig(t, q)
	assert.False(t, ran)
	assert.Empty(t, out.String())

	// 25 new purchases: batch 1 shows the first 20.
	s.Produce(t, topic, repeat(25, classdata.Event("purchase_sword", "user3.comcast.com"))...)
	res, ran = trig(t, q)
	require.True(t, ran)
	assert.EqualValues(t, 1, res.ID)
	assert.EqualValues(t, 25, res.Rows)
	assert.Zero(t, res.Skipped.Total())
	assert.True(t, strings.HasPrefix(out.String(), stream.Banner+"\nBatch: 1\n"+stream.Banner+"\n"), out.String())
	assert.True(t, strings.HasSuffix(out.String(), "|\n+--------------------+--------------------+------+-----------------+---------------+--------------+\nonly showing top 20 rows\n\n"), out.String())

	// The console sink's checkpoint was temporary: gone with the query.
	require.NoError(t, q.Close())
	_, err := fsys.Stat(q.Checkpoint())
	assert.ErrorIs(t, err, fs.ErrNotExist)
}

// write_swords_stream.py: while the class's ab loop runs, batches land as
// new files; once it stops and the query caught up, the directory holds
// exactly the purchases sent.
func TestParquetWhileTrafficRuns(t *testing.T) {
	t.Parallel()
	s := harness.Start(t)
	topic, out, ck := s.Name("events"), s.Path("/tmp/sword_purchases"), s.Path("/tmp/checkpoints_for_sword_purchases")
	fsys := s.WarehouseFS(t)

	var mu sync.Mutex
	var batches []stream.BatchResult
	runCtx, stop := context.WithCancel(context.Background())
	defer stop()
	errc := make(chan error, 1)
	// New fixes the query's starting offsets ("latest") before any traffic:
	// a query that started after the first purchases would rightly skip them.
	q, err := stream.New(runCtx, stream.Config{
		Brokers: s.Kafka, Topic: topic, FS: fsys, Sink: stream.Parquet, Path: out, Checkpoint: ck, Trigger: trigger,
		OnBatch: func(r stream.BatchResult) { mu.Lock(); batches = append(batches, r); mu.Unlock() },
	})
	require.NoError(t, err)
	go func() {
		err := q.Run(runCtx)
		if cerr := q.Close(); err == nil {
			err = cerr
		}
		errc <- err
	}()
	tr := startTraffic(t, s, topic)

	// Batches land while the traffic runs.
	files := func() int {
		infos, err := fsys.ReadDir(out)
		if err != nil {
			return 0
		}
		n := 0
		for _, fi := range infos {
			if fileName.MatchString(fi.Name()) {
				n++
			}
		}
		return n
	}
	require.Eventually(t, func() bool { return files() >= 4 }, 30*time.Second, 20*time.Millisecond, "4 batch files within 30s")
	tr.halt()
	waitCaughtUp(t, s, fsys, ck, topic, 30*time.Second)
	stop()
	require.NoError(t, <-errc)

	purchases, malformed, runs := tr.result(t)
	rows, names := readDir(t, fsys, out)
	recs := s.Records(t, topic)
	want := expectedRows(t, recs)
	assert.Equal(t, want, rowStrings(rows), "the directory holds exactly the purchases of the topic")
	perHost := map[string]int{}
	sent := 0
	for _, r := range rows {
		perHost[*r.Host]++
	}
	for _, n := range purchases {
		sent += n
	}
	assert.Equal(t, purchases, perHost, "purchases per Host: sent to Kafka, rows in the files")
	assert.Len(t, rows, sent)
	t.Logf("%d ab runs, %d purchases, %d malformed records, %d files", runs, sent, malformed, len(names))

	// One file per batch with rows, named for its batch; malformed records counted per batch.
	mu.Lock()
	defer mu.Unlock()
	var fromBatches []string
	skipped := 0
	for i, b := range batches {
		assert.EqualValues(t, i, b.ID)
		assert.False(t, b.Rerun)
		skipped += b.Skipped[extract.InvalidJSON]
		if b.Rows > 0 {
			fromBatches = append(fromBatches, path.Base(b.File))
		} else {
			assert.Empty(t, b.File, "batch %d has no rows and no file", b.ID)
		}
	}
	assert.ElementsMatch(t, names, fromBatches)
	assert.Equal(t, malformed, skipped)
}

// failingFS fails renames into a checkpoint's commits while armed: a crash
// between the batch's file and its commit.
type failingFS struct {
	warehouse.FS
	armed bool
}

var errCrash = errors.New("crash before commit")

func (f *failingFS) Rename(oldname, newname string) error {
	if f.armed && strings.Contains(newname, "/commits/") {
		return errCrash
	}
	return f.FS.Rename(oldname, newname)
}

// A batch interrupted after its file is in place runs again with the same
// offsets and the same file name: no duplicate rows.
func TestRerunKeepsTheFileOfTheFirstRun(t *testing.T) {
	t.Parallel()
	s := harness.Start(t)
	topic, out, ck := s.Name("events"), s.Path("/tmp/sword_purchases"), s.Path("/tmp/ck")
	ffs := &failingFS{FS: s.WarehouseFS(t), armed: true}
	s.Produce(t, topic, repeat(10, classdata.Event("purchase_sword", "user1.comcast.com"))...)
	cfg := stream.Config{Brokers: s.Kafka, Topic: topic, FS: ffs, Sink: stream.Parquet, Path: out, Checkpoint: ck, StartingOffsets: stream.Earliest}

	q1 := newQuery(t, cfg)
	_, _, err := q1.Trigger(ctx(t))
	require.ErrorIs(t, err, errCrash)
	_, first := readDir(t, ffs, out)
	require.Len(t, first, 1, "the file is in place, the commit is not")
	st, err := stream.ReadCheckpoint(ffs, ck)
	require.NoError(t, err)
	assert.True(t, st.Pending)
	assert.EqualValues(t, -1, st.Committed)

	// More records arrive before the restart; the rerun batch still ends where it was planned.
	s.Produce(t, topic, repeat(5, classdata.Event("purchase_sword", "user2.att.com"))...)
	ffs.armed = false
	var log bytes.Buffer
	cfg.Log = &log
	q2 := newQuery(t, cfg)
	res, ran := trig(t, q2)
	require.True(t, ran)
	assert.True(t, res.Rerun)
	assert.True(t, res.Existed)
	assert.EqualValues(t, 0, res.ID)
	assert.Equal(t, stream.Offsets{0: 10}, res.End)
	assert.Equal(t, path.Join(out, first[0]), res.File)
	assert.Equal(t, stream.FileName(q2.ID(), 0), first[0])
	assert.Contains(t, log.String(), "batch 0 was planned before the query stopped: running it again over the same offsets {\"0\":0} to {\"0\":10}")
	assert.Contains(t, log.String(), "(kept from the earlier run)")

	res, ran = trig(t, q2)
	require.True(t, ran)
	assert.EqualValues(t, 1, res.ID)
	assert.EqualValues(t, 5, res.Rows)
	rows, names := readDir(t, ffs, out)
	assert.Len(t, names, 2)
	assert.Len(t, rows, 15)
	_, err = ffs.Stat(path.Join(out, stream.TempDir))
	assert.ErrorIs(t, err, fs.ErrNotExist)
}

func TestEmptyBatchesWriteNothing(t *testing.T) {
	t.Parallel()
	s := harness.Start(t)
	topic, out, ck := s.Name("events"), s.Path("/tmp/sword_purchases"), s.Path("/tmp/ck")
	fsys := s.WarehouseFS(t)
	q := newQuery(t, stream.Config{Brokers: s.Kafka, Topic: topic, FS: fsys, Sink: stream.Parquet, Path: out, Checkpoint: ck})
	_, ran := trig(t, q)
	assert.False(t, ran, "no topic yet: no batch")

	s.Produce(t, topic, repeat(10, classdata.Event("default", "user1.comcast.com"))...)
	res, ran := trig(t, q)
	require.True(t, ran, "a topic created after the query started is read from its start")
	assert.EqualValues(t, 10, res.Read)
	assert.EqualValues(t, 10, res.Filtered)
	assert.Zero(t, res.Rows)
	assert.Empty(t, res.File)
	infos, err := fsys.ReadDir(out)
	require.NoError(t, err)
	assert.Empty(t, infos)
	st, err := stream.ReadCheckpoint(fsys, ck)
	require.NoError(t, err)
	assert.EqualValues(t, 0, st.Committed)
	assert.Equal(t, stream.Offsets{0: 10}, st.End)
}

func TestStartingOffsets(t *testing.T) {
	t.Parallel()
	s := harness.Start(t)
	topic := s.Name("events")
	fsys := s.WarehouseFS(t)
	s.Produce(t, topic, repeat(5, classdata.Event("purchase_sword", "old.comcast.com"))...)
	cfg := func(ck, starting string) stream.Config {
		return stream.Config{Brokers: s.Kafka, Topic: topic, FS: fsys, Checkpoint: s.Path(ck), StartingOffsets: starting}
	}

	latest := newQuery(t, cfg("/tmp/latest", ""))
	_, ran := trig(t, latest)
	assert.False(t, ran, "latest: the records already there are not read")
	// Latest is fixed when the query starts: a restart before its first batch keeps it.
	restarted := newQuery(t, cfg("/tmp/restarted", stream.Latest))
	s.Produce(t, topic, repeat(3, classdata.Event("purchase_sword", "new.comcast.com"))...)
	restarted = newQuery(t, cfg("/tmp/restarted", stream.Latest))

	res, ran := trig(t, latest)
	require.True(t, ran)
	assert.EqualValues(t, 3, res.Rows)
	res, ran = trig(t, restarted)
	require.True(t, ran)
	assert.EqualValues(t, 3, res.Rows)

	earliest := newQuery(t, cfg("/tmp/earliest", stream.Earliest))
	res, ran = trig(t, earliest)
	require.True(t, ran)
	assert.EqualValues(t, 8, res.Rows)
}

func TestCheckpointMismatch(t *testing.T) {
	t.Parallel()
	s := harness.Start(t)
	topic, out, ck := s.Name("events"), s.Path("/tmp/sword_purchases"), s.Path("/tmp/ck")
	fsys := s.WarehouseFS(t)
	s.Produce(t, topic, classdata.Event("purchase_sword", "user1.comcast.com"))
	cfg := stream.Config{Brokers: s.Kafka, Topic: topic, FS: fsys, Sink: stream.Parquet, Path: out, Checkpoint: ck, StartingOffsets: stream.Earliest}
	q := newQuery(t, cfg)
	_, ran := trig(t, q)
	require.True(t, ran)
	newErr := func(c stream.Config) error {
		_, err := stream.New(ctx(t), c)
		require.Error(t, err)
		return err
	}

	other := cfg
	other.Topic = s.Name("other")
	err := newErr(other)
	assert.ErrorIs(t, err, stream.ErrCheckpointMismatch)
	assert.EqualError(t, err, `stream: checkpoint `+ck+`: checkpoint belongs to another query: it reads topic "`+topic+`", this query reads "`+other.Topic+`"; give another checkpoint, or remove it to start over`)

	other = cfg
	other.Path = s.Path("/tmp/elsewhere")
	assert.ErrorIs(t, newErr(other), stream.ErrCheckpointMismatch)

	other = cfg
	other.Sink, other.Path = stream.Console, ""
	assert.ErrorIs(t, newErr(other), stream.ErrCheckpointMismatch)

	overwrite := func(name, content string) {
		require.NoError(t, fsys.RemoveAll(path.Join(ck, name)))
		w, err := fsys.Create(path.Join(ck, name))
		require.NoError(t, err)
		io.WriteString(w, content)
		require.NoError(t, w.Close())
	}
	overwrite("offsets/0", "v1\n{}\n{\"events\":{\"0\":1}}\n")
	err = newErr(cfg)
	assert.ErrorIs(t, err, stream.ErrCheckpointMismatch, "offsets of another topic")
	assert.Contains(t, err.Error(), ck+"/offsets/0")

	overwrite("offsets/0", "garbage")
	err = newErr(cfg)
	assert.ErrorIs(t, err, stream.ErrCorruptCheckpoint)
	assert.EqualError(t, err, `stream: corrupt checkpoint: `+ck+`/offsets/0: unsupported log version "garbage", want "v1"`)

	overwrite("commits/3", "v1\n{}\n")
	err = newErr(cfg)
	assert.ErrorIs(t, err, stream.ErrCorruptCheckpoint)
	assert.Contains(t, err.Error(), "batch 3 is committed but the offsets end at batch 0")

	overwrite("metadata", "{")
	err = newErr(cfg)
	assert.ErrorIs(t, err, stream.ErrCorruptCheckpoint)
	assert.Contains(t, err.Error(), ck+"/metadata: not a query's metadata")
}

func TestBadConfig(t *testing.T) {
	t.Parallel()
	s := harness.Start(t)
	fsys := s.WarehouseFS(t)
	base := stream.Config{Brokers: s.Kafka, FS: fsys}
	tests := []struct {
		description string
		change      func(*stream.Config)
		want        string
	}{
		{"parquet without checkpoint", func(c *stream.Config) { c.Sink = stream.Parquet },
			"stream: invalid config: the parquet sink needs a checkpoint (Spark: checkpointLocation must be specified), like /tmp/checkpoints_for_sword_purchases"},
		{"unknown sink", func(c *stream.Config) { c.Sink = "kafka" }, `stream: invalid config: unknown sink "kafka": choose console or parquet`},
		{"starting offsets", func(c *stream.Config) { c.StartingOffsets = "middle" }, `stream: invalid config: starting offsets "middle": choose latest or earliest`},
		{"relative path", func(c *stream.Config) { c.Sink, c.Path, c.Checkpoint = stream.Parquet, "tmp/x", "/tmp/ck" },
			`stream: invalid config: path "tmp/x" must be an absolute directory, like /tmp/sword_purchases`},
		{"checkpoint in path", func(c *stream.Config) { c.Sink, c.Path, c.Checkpoint = stream.Parquet, "/tmp/x", "/tmp/x/_ck" },
			`stream: invalid config: checkpoint /tmp/x/_ck is inside the output directory /tmp/x: a table over it would read the checkpoint`},
		{"no brokers", func(c *stream.Config) { c.Brokers = nil }, "stream: invalid config: no Kafka brokers"},
		{"crash point", func(c *stream.Config) { c.Hooks.CrashAt = "before-write" },
			`stream: invalid config: Hooks.CrashAt "before-write": the point must be one of after-offsets, after-write, after-rename, after-commit`},
		{"pause batch", func(c *stream.Config) { c.Hooks.PauseAt = "after-write:x" },
			`stream: invalid config: Hooks.PauseAt "after-write:x": the batch after ':' must be a number`},
	}
	for _, tc := range tests {
		t.Run(tc.description, func(t *testing.T) {
			cfg := base
			tc.change(&cfg)
			_, err := stream.New(ctx(t), cfg)
			require.ErrorIs(t, err, stream.ErrBadConfig)
			assert.EqualError(t, err, tc.want)
		})
	}
}
