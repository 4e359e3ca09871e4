package extract_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/classdata"
	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
	"github.com/fullstack-lab/fullstack-lab/steps/extract"
)

func run(t testing.TB, cfg extract.Config) (extract.Result, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	return extract.Run(ctx, cfg)
}

// purchaseTimes are the record times of the purchases among classdata.Values: records 10-19 and 30-39.
func purchaseTimes() []string {
	var ts []string
	for _, i := range []int{10, 30} {
		for j := range 10 {
			ts = append(ts, extract.SparkTimestamp(classdata.RecordTime(i+j)))
		}
	}
	return ts
}

func TestExtractKeepsTheTwentyPurchases(t *testing.T) {
	s := harness.Start(t)
	topic, out := s.Name("events"), s.Path("/tmp/purchases")
	produce(t, s, topic, 0, classdata.Values()...)
	fsys := s.WarehouseFS(t)

	res, err := run(t, extract.Config{Brokers: s.Kafka, Topic: topic, FS: fsys, Path: out})
	require.NoError(t, err)
	assert.EqualValues(t, 40, res.Read)
	assert.EqualValues(t, 20, res.Filtered)
	assert.Zero(t, res.Skipped.Total())
	require.Len(t, res.Outputs, 1)
	o := res.Outputs[0]
	assert.EqualValues(t, 20, o.Rows)
	assert.Equal(t, fsys.URI(out), o.URI)
	assert.Equal(t, []string{"Accept", "Host", "User-Agent", "event_type", "timestamp"}, o.Schema.Names())

	parts := partFiles(t, fsys, out)
	require.Len(t, parts, 1)
	assert.Equal(t, parts, o.Files)
	noLeftovers(t, fsys, out)

	// parquet-go reads back exactly the 20 purchases.
	rows, cols := readParquet[purchase](t, fsys, parts)
	assert.Equal(t, [][]string{{"Accept", "Host", "User-Agent", "event_type", "timestamp"}}, cols)
	require.Len(t, rows, 20)
	var got []string
	for i, r := range rows {
		host := "user1.comcast.com"
		if i >= 10 {
			host = "user2.att.com"
		}
		require.NotNil(t, r.Accept)
		assert.Equal(t, "*/*", *r.Accept)
		assert.Equal(t, host, *r.Host)
		assert.Equal(t, "ApacheBench/2.3", *r.UserAgent)
		assert.Equal(t, "purchase_sword", *r.EventType)
		got = append(got, *r.Timestamp)
	}
	assert.Equal(t, purchaseTimes(), got)
	assert.Equal(t, "2018-04-04 22:36:13.154", got[0])

	// DuckDB, an independent reader, agrees.
	assert.Equal(t, [][]string{
		{"Accept", "VARCHAR"}, {"Host", "VARCHAR"}, {"User-Agent", "VARCHAR"}, {"event_type", "VARCHAR"}, {"timestamp", "VARCHAR"},
	}, duck(t, fsys, parts, `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM $files)`))
	assert.Equal(t, [][]string{
		{"user1.comcast.com", "purchase_sword", "10", "2018-04-04 22:36:13.154", "2018-04-04 22:36:13.181"},
		{"user2.att.com", "purchase_sword", "10", "2018-04-04 22:36:13.214", "2018-04-04 22:36:13.241"},
	}, duck(t, fsys, parts, `SELECT "Host", event_type, count(*), min("timestamp"), max("timestamp")
		FROM $files GROUP BY ALL ORDER BY 1`))
}

func TestExtractExplicitSchema(t *testing.T) {
	s := harness.Start(t)
	topic, out := s.Name("events"), s.Path("/tmp/sword_purchases")
	vals := classdata.Values()
	produce(t, s, topic, 0, vals...)
	fsys := s.WarehouseFS(t)

	res, err := run(t, extract.Config{Brokers: s.Kafka, Topic: topic, FS: fsys, Path: out, Shape: extract.ShapeExplicit})
	require.NoError(t, err)
	require.Len(t, res.Outputs, 1)
	assert.EqualValues(t, 20, res.Outputs[0].Rows)
	assert.Equal(t, []string{"raw_event", "timestamp", "Accept", "Host", "User-Agent", "event_type"}, res.Outputs[0].Schema.Names())

	type explicitRow struct {
		RawEvent  *string `parquet:"raw_event,optional"`
		Timestamp *string `parquet:"timestamp,optional"`
		Accept    *string `parquet:"Accept,optional"`
		Host      *string `parquet:"Host,optional"`
		UserAgent *string `parquet:"User-Agent,optional"`
		EventType *string `parquet:"event_type,optional"`
	}
	parts := partFiles(t, fsys, out)
	rows, cols := readParquet[explicitRow](t, fsys, parts)
	assert.Equal(t, [][]string{{"raw_event", "timestamp", "Accept", "Host", "User-Agent", "event_type"}}, cols)
	require.Len(t, rows, 20)
	ts := purchaseTimes()
	for i, r := range rows {
		src := 10 + i
		if i >= 10 {
			src = 20 + i
		}
		assert.Equal(t, vals[src], *r.RawEvent)
		assert.Equal(t, ts[i], *r.Timestamp)
		assert.Equal(t, "*/*", *r.Accept)
		assert.Equal(t, "purchase_sword", *r.EventType)
	}
	assert.Equal(t, [][]string{{"20", "20"}},
		duck(t, fsys, parts, `SELECT count(*), count(DISTINCT raw_event || "timestamp") FROM $files WHERE json_extract_string(raw_event, '$.Host') = "Host"`))
}

func TestBadRecordsAreCountedAndSkipped(t *testing.T) {
	s := harness.Start(t)
	topic, out := s.Name("events"), s.Path("/tmp/purchases")
	vals := classdata.Values()
	bad := []string{
		`{"event_type": "purchase_sword", "Host": `, // cut short
		`not json at all`,
		`["purchase_sword"]`,
		`"purchase_sword"`,
		`{"Host": "user1.comcast.com"}`,
		`{"event_type": 42, "Host": "user1.comcast.com"}`,
		`{"event_type": null}`,
		"{\"event_type\": \"purchase_sword\", \"Host\": \"\xff\xfe\"}",
		`{"event_type": "purchase_sword", "timestamp": "2020-01-01"}`,
		``,
	}
	huge := `{"event_type": "purchase_sword", "Host": "x", "pad": "` + strings.Repeat("x", 3<<20) + `"}`
	// A multi-megabyte record needs a topic that takes it (brokers default to 1 MB).
	s.CreateTopic(t, topic, "max.message.bytes", "8388608")
	produce(t, s, topic, 0, append(vals[:20:20], bad...)...)
	produce(t, s, topic, 100, huge)
	produce(t, s, topic, 20, vals[20:]...)
	bad = append(bad, huge)
	fsys := s.WarehouseFS(t)

	res, err := run(t, extract.Config{Brokers: s.Kafka, Topic: topic, FS: fsys, Path: out})
	require.NoError(t, err)
	assert.EqualValues(t, 40+len(bad), res.Read)
	assert.Equal(t, extract.Skipped{
		extract.InvalidJSON:        3,
		extract.NotObject:          2,
		extract.MissingEventType:   1,
		extract.EventTypeNotString: 2,
		extract.InvalidUTF8:        1,
		extract.TooLarge:           1,
		extract.TimestampField:     1,
	}, res.Skipped)
	assert.Equal(t, "invalid JSON: 3, JSON not an object: 2, missing event_type: 1, event_type not a string: 2, invalid UTF-8: 1, value too large: 1, own timestamp field: 1",
		res.Skipped.String())
	assert.EqualValues(t, 20, res.Rows())
	rows, _ := readParquet[purchase](t, fsys, partFiles(t, fsys, out))
	assert.Len(t, rows, 20)
}

func TestOverwriteTwiceKeepsOnlyTheSecond(t *testing.T) {
	s := harness.Start(t)
	first, second, out := s.Name("first"), s.Name("second"), s.Path("/tmp/purchases")
	produce(t, s, first, 0, classdata.Values()...)
	produce(t, s, second, 100, classdata.Event("purchase_sword", "user3.example.com"), classdata.Event("purchase_sword", "user3.example.com"))
	fsys := s.WarehouseFS(t)

	for _, topic := range []string{first, second} {
		_, err := run(t, extract.Config{Brokers: s.Kafka, Topic: topic, FS: fsys, Path: out, Mode: extract.Overwrite})
		require.NoError(t, err)
	}
	parts := partFiles(t, fsys, out)
	require.Len(t, parts, 1)
	rows, _ := readParquet[purchase](t, fsys, parts)
	require.Len(t, rows, 2)
	for _, r := range rows {
		assert.Equal(t, "user3.example.com", *r.Host)
	}
	noLeftovers(t, fsys, out)
}

func TestDefaultModeOnExistingPathFailsAndTouchesNothing(t *testing.T) {
	s := harness.Start(t)
	topic, out := s.Name("events"), s.Path("/tmp/purchases")
	produce(t, s, topic, 0, classdata.Values()...)
	fsys := s.WarehouseFS(t)

	_, err := run(t, extract.Config{Brokers: s.Kafka, Topic: topic, FS: fsys, Path: out})
	require.NoError(t, err)
	before := listing(t, fsys, out)

	_, err = run(t, extract.Config{Brokers: s.Kafka, Topic: topic, FS: fsys, Path: out})
	require.ErrorIs(t, err, extract.ErrPathExists)
	assert.Equal(t, fmt.Sprintf("extract: path %s already exists.", fsys.URI(out)), err.Error())
	assert.Equal(t, before, listing(t, fsys, out))
	noLeftovers(t, fsys, out)
}

func TestAppendAddsPartFiles(t *testing.T) {
	s := harness.Start(t)
	topic, out := s.Name("events"), s.Path("/tmp/purchases")
	produce(t, s, topic, 0, classdata.Values()...)
	fsys := s.WarehouseFS(t)

	for range 2 {
		_, err := run(t, extract.Config{Brokers: s.Kafka, Topic: topic, FS: fsys, Path: out, Mode: extract.Append})
		require.NoError(t, err)
	}
	parts := partFiles(t, fsys, out)
	require.Len(t, parts, 2)
	rows, _ := readParquet[purchase](t, fsys, parts)
	assert.Len(t, rows, 40)
	assert.Equal(t, [][]string{{"40"}}, duck(t, fsys, parts, `SELECT count(*) FROM $files`))
	noLeftovers(t, fsys, out)
}

// An overwrite that fails part-way, wherever it fails, leaves the old data whole.
func TestFailedOverwriteKeepsOldData(t *testing.T) {
	s := harness.Start(t)
	old, newer := s.Name("old"), s.Name("new")
	produce(t, s, old, 0, classdata.Values()...)
	produce(t, s, newer, 100, classdata.Event("purchase_sword", "user3.example.com"))
	fsys := s.WarehouseFS(t)

	for _, tc := range []struct {
		name                              string
		failWrite, failCreate, failRename int
	}{
		{"first write of the part file", 1, 0, 0},
		{"create of _SUCCESS", 0, 2, 0},
		{"moving the old data aside", 0, 0, 1},
		{"moving the new data in", 0, 0, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := s.Path("/tmp/purchases_" + strings.ReplaceAll(tc.name, " ", "_"))
			_, err := run(t, extract.Config{Brokers: s.Kafka, Topic: old, FS: fsys, Path: out})
			require.NoError(t, err)
			before := listing(t, fsys, out)

			faulty := &warehouse.Faulty{FS: fsys, FailWrite: tc.failWrite, FailCreate: tc.failCreate, FailRename: tc.failRename}
			_, err = run(t, extract.Config{Brokers: s.Kafka, Topic: newer, FS: faulty, Path: out, Mode: extract.Overwrite})
			require.ErrorIs(t, err, warehouse.ErrInjected)

			assert.Equal(t, before, listing(t, fsys, out))
			rows, _ := readParquet[purchase](t, fsys, partFiles(t, fsys, out))
			assert.Len(t, rows, 20)
			noLeftovers(t, fsys, out)
		})
	}
}

func TestSplitWritesOneOutputPerEventType(t *testing.T) {
	s := harness.Start(t)
	topic, out := s.Name("events"), s.Path("/tmp/events")
	vals := append(classdata.Values(), `{"event_type": "join_guild", "Host": "user1.comcast.com", "guild": "knights", "level": 3}`)
	produce(t, s, topic, 0, vals...)
	fsys := s.WarehouseFS(t)

	res, err := run(t, extract.Config{Brokers: s.Kafka, Topic: topic, FS: fsys, Path: out, Split: true})
	require.NoError(t, err)
	got := map[string]int64{}
	for _, o := range res.Outputs {
		got[o.EventType] = o.Rows
		assert.Equal(t, out+"/"+o.EventType, o.Path)
	}
	assert.Equal(t, map[string]int64{"default": 20, "purchase_sword": 20, "join_guild": 1}, got)
	assert.Zero(t, res.Filtered)

	guild := partFiles(t, fsys, out+"/join_guild")
	assert.Equal(t, [][]string{{"Host", "VARCHAR"}, {"event_type", "VARCHAR"}, {"guild", "VARCHAR"}, {"level", "BIGINT"}, {"timestamp", "VARCHAR"}},
		duck(t, fsys, guild, `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM $files)`))
	assert.Equal(t, [][]string{{"knights", "3"}}, duck(t, fsys, guild, `SELECT guild, level FROM $files`))
}

// Producers writing during the read do not keep it running: it stops at the
// latest offsets it saw when it started.
func TestReadIsBoundedByTheOffsetsAtStart(t *testing.T) {
	s := harness.Start(t)
	topic, out := s.Name("events"), s.Path("/tmp/purchases")
	produce(t, s, topic, 0, classdata.Values()...)
	fsys := s.WarehouseFS(t)

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 1000; ctx.Err() == nil; i += 50 {
			vals := make([]string, 50)
			for j := range vals {
				vals[j] = classdata.Event("purchase_sword", "late.example.com")
			}
			produce(t, s, topic, i, vals...)
		}
	}()
	// Stopped when the test function returns, before the cleanups run: each
	// produce registers a cleanup (its writer's Close), and a producer still
	// running would keep adding them while they run.
	defer func() { cancel(); <-done }()

	start := time.Now()
	res, err := run(t, extract.Config{Brokers: s.Kafka, Topic: topic, FS: fsys, Path: out})
	require.NoError(t, err)
	assert.Less(t, time.Since(start), 30*time.Second)
	assert.GreaterOrEqual(t, res.Read, int64(40))
	assert.Equal(t, res.Read-20, res.Rows()) // every record read after the 40 is a purchase
}

func TestUnknownTopic(t *testing.T) {
	s := harness.Start(t)
	fsys := s.WarehouseFS(t)
	out := s.Path("/tmp/purchases")
	_, err := run(t, extract.Config{Brokers: s.Kafka, Topic: s.Name("nothing_here"), FS: fsys, Path: out})
	require.Error(t, err)
	if !errors.Is(err, extract.ErrUnknownTopic) {
		require.ErrorIs(t, err, extract.ErrNoRows) // a broker that creates topics on sight
	}
	_, err = fsys.Stat(out)
	assert.ErrorIs(t, err, fsErrNotExist)
	noLeftovers(t, fsys, out)
}

func TestNoPurchasesInferredFailsExplicitWritesEmpty(t *testing.T) {
	s := harness.Start(t)
	topic := s.Name("events")
	produce(t, s, topic, 0, classdata.Event("default", "user1.comcast.com"))
	fsys := s.WarehouseFS(t)

	out := s.Path("/tmp/purchases")
	_, err := run(t, extract.Config{Brokers: s.Kafka, Topic: topic, FS: fsys, Path: out})
	require.ErrorIs(t, err, extract.ErrNoRows)
	_, serr := fsys.Stat(out)
	assert.ErrorIs(t, serr, fsErrNotExist)
	noLeftovers(t, fsys, out)

	res, err := run(t, extract.Config{Brokers: s.Kafka, Topic: topic, FS: fsys, Path: out, Shape: extract.ShapeExplicit})
	require.NoError(t, err)
	assert.Zero(t, res.Rows())
	assert.Equal(t, [][]string{{"0"}}, duck(t, fsys, partFiles(t, fsys, out), `SELECT count(*) FROM $files`))
}

var fsErrNotExist = fs.ErrNotExist
