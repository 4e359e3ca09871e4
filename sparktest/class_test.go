package sparktest

import (
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The class's jobs read the topic "events" and write /tmp/purchases, as the
// class wrote them, so the test runs them one after another on one stack.
func TestClassJobsAgainstTheGoSteps(t *testing.T) {
	e := setup(t)
	var events []string
	for i := 0; i < 6; i++ {
		events = append(events, flaskEvent("purchase_sword", []string{"user1.comcast.com", "user2.att.com"}[i%2]))
		if i%3 == 0 {
			events = append(events, flaskEvent("default", "user1.comcast.com"))
		}
	}
	e.produce(t, "events", events...)

	// filtered_writes.py vs `lab extract` (the inferred shape).
	t.Run("filtered_writes", func(t *testing.T) {
		e.mustRun(t, "spark-submit", job("filtered_writes.py"))
		e.mustRun(t, "extract", "--mode", "overwrite", "--path", "/tmp/lab_purchases")
		spark, lab := e.readParquet(t, "/tmp/purchases"), e.readParquet(t, "/tmp/lab_purchases")
		assert.Equal(t, lab.byName(), spark.byName(), "columns by name and type")
		assert.Equal(t, lab.Rows, spark.Rows, "rows by value, timestamps as strings")
		assert.Len(t, spark.Rows, 6)
		// Known difference: Spark 3 keeps Row(**event)'s keyword order (the
		// JSON's, after timestamp); the class's Spark 2 sorted the fields, and
		// the lab does as the class did.
		assert.Equal(t, []string{"timestamp", "event_type", "Host", "User-Agent", "Accept"}, spark.names())
		assert.Equal(t, []string{"Accept", "Host", "User-Agent", "event_type", "timestamp"}, lab.names())
	})

	// filter_swords_batch.py's show(100) vs `lab extract --shape explicit`'s.
	t.Run("filter_swords_batch", func(t *testing.T) {
		out := e.mustRun(t, "spark-submit", job("filter_swords_batch.py"))
		labOut := e.mustRun(t, "extract", "--shape", "explicit", "--rows", "100", "--mode", "overwrite", "--path", "/tmp/lab_swords_batch")
		spark := showTable(out)
		require.Len(t, spark, 6+4, "header, 6 rows, 3 rules:\n%s", out)
		assert.Equal(t, spark, showTable(labOut))
	})

	// write_hive_table.py's table vs `lab extract --table`'s, through Presto.
	t.Run("write_hive_table", func(t *testing.T) {
		e.mustRun(t, "fs", "rm", "-r", "/tmp/purchases")
		e.mustRun(t, "spark-submit", job("write_hive_table.py"))
		e.mustRun(t, "extract", "--mode", "overwrite", "--path", "/tmp/lab_purchases_table", "--table", "lab_purchases")
		query := func(sql string) []string {
			out := e.mustRun(t, "presto", "--execute", sql)
			lines := strings.Split(strings.TrimSpace(out), "\n")
			sort.Strings(lines)
			return lines
		}
		spark := query("select accept, host, \"user-agent\", event_type, timestamp from purchases")
		lab := query("select accept, host, \"user-agent\", event_type, timestamp from lab_purchases")
		assert.Len(t, spark, 6)
		assert.Equal(t, lab, spark)
		describe := func(table string) []string {
			lines := query("describe " + table)
			for i, l := range lines {
				lines[i] = strings.SplitN(l, ",", 3)[0] + "," + strings.SplitN(l, ",", 3)[1]
			}
			return lines
		}
		assert.Equal(t, describe("lab_purchases"), describe("purchases"), "columns by name and type")
	})

	// Known difference: one bad record ends Spark's job; the Go step counts
	// and skips it.
	t.Run("bad_record", func(t *testing.T) {
		e.produce(t, "events", `{"event_type": "purchase_sword", "Host": "user1.comcast.com"`, flaskEvent("purchase_sword", "user3.example.com"))
		_, errOut, err := e.run(t, 5*time.Minute, "spark-submit", job("filter_swords_batch.py"))
		require.Error(t, err, "Spark's job dies on invalid JSON")
		assert.Contains(t, errOut, "json.decoder.JSONDecodeError")
		out, errOut, err := e.run(t, time.Minute, "extract", "--shape", "explicit", "--rows", "100", "--mode", "overwrite", "--path", "/tmp/lab_swords_batch")
		require.NoError(t, err, errOut)
		assert.Len(t, showTable(out), 7+4, "the 7 purchases")
		assert.Contains(t, out+errOut, "1 invalid JSON")
	})
}
