package sparktest

import (
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The class's jobs read the topic "events" and write /tmp/purchases, as the
// class wrote them, so one test runs them one after another on one stack,
// each beside the Go step that stands for it, on the same topic.
func TestClassJobsAgainstTheGoSteps(t *testing.T) {
	e := setup(t)
	e.deleteTopic(t, "events") // a stack used before starts clean
	var events []string
	for i := 0; i < 6; i++ {
		events = append(events, flaskEvent("purchase_sword", []string{"user1.comcast.com", "user2.att.com"}[i%2]))
		if i%3 == 0 {
			events = append(events, flaskEvent("default", "user1.comcast.com"))
		}
	}
	e.produce(t, "events", events...)

	t.Run("filtered_writes", func(t *testing.T) { testFilteredWrites(t, e) })
	t.Run("filter_swords_batch", func(t *testing.T) { testFilterSwordsBatch(t, e) })
	t.Run("write_hive_table", func(t *testing.T) { testWriteHiveTable(t, e) })
	t.Run("filter_swords_stream", func(t *testing.T) { testFilterSwordsStream(t, e) })
	t.Run("write_swords_stream", func(t *testing.T) { testWriteSwordsStream(t, e) })
	// The known differences, each asserted so that it cannot drift. They
	// change the topic: last. They are Spark's, not the stack's: `make
	// test-spark` runs them on its first stack only (LAB_SPARK_DIFFERENCES),
	// two Spark jobs fewer on the others.
	if os.Getenv("LAB_SPARK_DIFFERENCES") == "" {
		t.Log("the known differences run on the first stack of make test-spark (LAB_SPARK_DIFFERENCES=1)")
		return
	}
	t.Run("first_row_typing", func(t *testing.T) { testFirstRowTyping(t, e) })
	t.Run("bad_record", func(t *testing.T) { testBadRecord(t, e) })
}

// filtered_writes.py vs `lab extract` (the inferred shape).
func testFilteredWrites(t *testing.T, e *env) {
	e.mustRun(t, "spark-submit", job("filtered_writes.py"))
	e.mustRun(t, "extract", "--mode", "overwrite", "--path", "/tmp/lab_purchases")
	spark, lab := e.readParquet(t, "/tmp/purchases"), e.readParquet(t, "/tmp/lab_purchases")
	assert.Equal(t, lab.byName(), spark.byName(), "columns by name and type")
	assert.Equal(t, lab.Rows, spark.Rows, "rows by value, timestamps as strings")
	assert.Len(t, spark.Rows, 6)
	// Known difference: Spark 3 keeps Row(**event)'s keyword order (timestamp,
	// then the JSON's); the class's Spark 2 sorted the fields, and the lab
	// does as the class did.
	assert.Equal(t, []string{"timestamp", "event_type", "Host", "User-Agent", "Accept"}, spark.names())
	assert.Equal(t, []string{"Accept", "Host", "User-Agent", "event_type", "timestamp"}, lab.names())
}

// filter_swords_batch.py's printSchema() and show(100) vs `lab extract
// --shape explicit`'s.
func testFilterSwordsBatch(t *testing.T, e *env) {
	out := e.mustRun(t, "spark-submit", job("filter_swords_batch.py"))
	labOut := e.mustRun(t, "extract", "--shape", "explicit", "--rows", "100", "--mode", "overwrite", "--path", "/tmp/lab_swords_batch")
	spark := showTable(out)
	require.Len(t, spark, 6+4, "header, 6 rows, 3 rules:\n%s", out)
	assert.Equal(t, spark, showTable(labOut))
	assert.Equal(t, schemaTree(out), schemaTree(labOut), "printSchema()")
}

// write_hive_table.py's table vs `lab extract --table`'s, through Presto.
func testWriteHiveTable(t *testing.T, e *env) {
	e.rm(t, "/tmp/purchases")
	e.mustRun(t, "spark-submit", job("write_hive_table.py"))
	e.mustRun(t, "extract", "--mode", "overwrite", "--path", "/tmp/lab_purchases_table", "--table", "lab_purchases")
	query := func(sql string) []string {
		out := e.mustRun(t, "presto", "--execute", sql)
		lines := strings.Split(strings.TrimSpace(out), "\n")
		sort.Strings(lines)
		return lines
	}
	cols := `accept, host, "user-agent", event_type, timestamp`
	spark := query("select " + cols + " from purchases")
	lab := query("select " + cols + " from lab_purchases")
	assert.Len(t, spark, 6)
	assert.Equal(t, lab, spark, "rows by value")
	describe := func(table string) []string {
		var nameType []string
		for _, l := range query("describe " + table) {
			f := strings.SplitN(l, ",", 3)
			nameType = append(nameType, f[0]+","+f[1])
		}
		return nameType
	}
	assert.Equal(t, describe("lab_purchases"), describe("purchases"), "columns by name and type")
	// Both tables' locations are the warehouse's own URI for the path.
	assert.Contains(t, e.mustRun(t, "hive", "-e", "describe formatted purchases"), e.fs.URI("/tmp/purchases"))
}

var (
	sparkStarted = regexp.MustCompile(`spark-submit: batch 0: `)
	labStarted   = regexp.MustCompile(`Ctrl-C to stop`)
	labBatch     = regexp.MustCompile(`stream: batch \d+: [1-9]\d* records? read`)
)

// streamEvents are a micro-batch's worth of events, hosts of their own.
func streamEvents(tag string) []string {
	return []string{
		flaskEvent("purchase_sword", tag+"1.example.com"),
		flaskEvent("default", tag+"1.example.com"),
		flaskEvent("purchase_sword", tag+"2.example.com"),
		flaskEvent("purchase_sword", tag+"3.example.com"),
	}
}

// filter_swords_stream.py's console batch vs `lab stream`'s: both queries
// start at the latest offsets, then one batch of events is produced.
func testFilterSwordsStream(t *testing.T, e *env) {
	spark := e.start(t, "spark-submit", "--batches", "1", "--timeout", "20m", job("filter_swords_stream.py"))
	lab := e.start(t, "stream", "--trigger", "1s")
	spark.errOut.waitFor(t, spark, sparkStarted, jobTimeout)
	lab.errOut.waitFor(t, lab, labStarted, jobTimeout)
	e.produce(t, "events", streamEvents("console")...)
	require.NoError(t, spark.wait(t, jobTimeout), tail(spark.errOut.String(), 40))
	lab.errOut.waitFor(t, lab, labBatch, jobTimeout)
	lab.stop(t)

	sparkTable, labTable := batchWithRows(spark.out.String()), batchWithRows(lab.out.String())
	require.Len(t, sparkTable, 3+4, "Spark's batch: header, 3 purchases, 3 rules:\n%s", spark.out.String())
	assert.Equal(t, sparkTable, labTable, "the batch as the console sink shows it")
}

// write_swords_stream.py's files vs `lab stream --sink parquet`'s.
func testWriteSwordsStream(t *testing.T, e *env) {
	e.rm(t, "/tmp/sword_purchases", "/tmp/checkpoints_for_sword_purchases", "/tmp/lab_sword_purchases", "/tmp/lab_checkpoints")
	spark := e.start(t, "spark-submit", "--batches", "1", "--timeout", "20m", job("write_swords_stream.py"))
	lab := e.start(t, "stream", "--sink", "parquet", "--path", "/tmp/lab_sword_purchases",
		"--checkpoint", "/tmp/lab_checkpoints", "--trigger", "1s")
	spark.errOut.waitFor(t, spark, sparkStarted, jobTimeout)
	lab.errOut.waitFor(t, lab, labStarted, jobTimeout)
	e.produce(t, "events", streamEvents("parquet")...)
	require.NoError(t, spark.wait(t, jobTimeout), tail(spark.errOut.String(), 40))
	lab.errOut.waitFor(t, lab, labBatch, jobTimeout)
	lab.stop(t)

	sparkFiles, labFiles := e.readParquet(t, "/tmp/sword_purchases"), e.readParquet(t, "/tmp/lab_sword_purchases")
	assert.Len(t, sparkFiles.Rows, 3)
	assert.Equal(t, labFiles.Columns, sparkFiles.Columns, "columns by name, type and order")
	assert.Equal(t, labFiles.Rows, sparkFiles.Rows, "rows by value, timestamps as strings")
}

// Known difference: toDF() types each column from the first row, so a
// numeric Accept in the first purchase makes Accept a bigint and every
// other Accept NULL, silently; and as Spark 3 keeps Row(**event)'s keyword
// order, a record whose keys come in another order than the first's has
// its values put into the wrong columns. `lab extract` types a column from
// all the rows (a string once any value is one) and matches keys by name.
func testFirstRowTyping(t *testing.T, e *env) {
	e.deleteTopic(t, "events")
	e.produce(t, "events",
		`{"event_type": "purchase_sword", "Host": "typed.example.com", "User-Agent": "ApacheBench/2.3", "Accept": 1}`,
		flaskEvent("purchase_sword", "user1.comcast.com"),
		`{"Host": "reordered.example.com", "event_type": "purchase_sword", "User-Agent": "ApacheBench/2.3", "Accept": "*/*"}`,
	)
	e.mustRun(t, "spark-submit", job("filtered_writes.py"))
	e.mustRun(t, "extract", "--mode", "overwrite", "--path", "/tmp/lab_purchases")
	spark, lab := e.readParquet(t, "/tmp/purchases"), e.readParquet(t, "/tmp/lab_purchases")
	require.Len(t, spark.Rows, 3)
	require.Len(t, lab.Rows, 3)

	assert.Equal(t, "BIGINT", spark.byName()["Accept"], "Spark: the first row's type")
	assert.Equal(t, "VARCHAR", lab.byName()["Accept"], "lab: a string column")
	byHost := func(tb table, col string) map[string]string {
		m := map[string]string{}
		for _, r := range tb.Rows {
			m[r[col]] = r["Accept"]
		}
		return m
	}
	assert.Equal(t, map[string]string{"typed.example.com": "1", "user1.comcast.com": "*/*", "reordered.example.com": "*/*"},
		byHost(lab, "Host"), "lab: every Accept kept")
	sparkAccept := byHost(spark, "Host")
	assert.Equal(t, "1", sparkAccept["typed.example.com"])
	assert.Equal(t, "<null>", sparkAccept["user1.comcast.com"], "Spark: a string Accept after a numeric first one is NULL")
	// The reordered record: its values went by position into the first
	// row's columns (event_type, Host, ...), so its Host is in event_type.
	var swapped map[string]string
	for _, r := range spark.Rows {
		if r["event_type"] == "reordered.example.com" {
			swapped = r
		}
	}
	require.NotNil(t, swapped, "Spark put the reordered record's Host into event_type: %v", spark.Rows)
	assert.Equal(t, "purchase_sword", swapped["Host"])
}

// Known difference: one bad record ends Spark's job (the is_purchase udf's
// json.loads raises); the Go step counts it, skips it and writes the rest.
func testBadRecord(t *testing.T, e *env) {
	e.produce(t, "events", `{"event_type": "purchase_sword", "Host": "user1.comcast.com"`, flaskEvent("purchase_sword", "user3.example.com"))
	out, errOut, err := e.run(t, jobTimeout, "spark-submit", job("filter_swords_batch.py"))
	require.Error(t, err, "Spark's job dies on invalid JSON")
	assert.Contains(t, out+errOut, "json.decoder.JSONDecodeError")
	out, errOut, err = e.run(t, time.Minute, "extract", "--shape", "explicit", "--rows", "100", "--mode", "overwrite", "--path", "/tmp/lab_swords_batch")
	require.NoError(t, err, errOut)
	assert.Len(t, showTable(out), 4+4, "the 4 purchases")
	assert.Contains(t, out, "5 records read from events: 4 rows written, 0 filtered out, 1 skipped")
	assert.Contains(t, out, "skipped by reason: invalid JSON 1,")
}

// batchWithRows is the show() table of the first "Batch: N" of a console
// sink's output that has rows.
func batchWithRows(out string) []string {
	for _, b := range strings.Split(out, "Batch: ")[1:] {
		if tb := showTable(b); len(tb) > 4 {
			return tb
		}
	}
	return nil
}

// schemaTree is the first printSchema() output in out.
func schemaTree(out string) []string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if l == "root" || (len(lines) > 0 && strings.HasPrefix(l, " |-- ")) {
			lines = append(lines, l)
		} else if len(lines) > 0 {
			break
		}
	}
	return lines
}
