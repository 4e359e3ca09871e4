package stream_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/hms"
	"github.com/fullstack-lab/fullstack-lab/steps/presto"
	"github.com/fullstack-lab/fullstack-lab/steps/stream"
)

// The class's last step: a Hive table over the stream's directory, declared
// before any data is there, shows each new batch's rows through Presto,
// with no DDL change and no restart (immutability, schema on read).
func TestHiveTableShowsNewBatches(t *testing.T) {
	t.Parallel()
	s := harness.Start(t)
	if s.Metastore == "" || s.Presto == "" {
		t.Skipf("the %s stack has no Hive Metastore or Presto", s.Backend)
	}
	topic, out, ck := s.Name("events"), s.Path("/tmp/sword_purchases"), s.Path("/tmp/checkpoints_for_sword_purchases")
	fsys := openFS(t, s)
	q := newQuery(t, stream.Config{Brokers: s.Kafka, Topic: topic, FS: fsys, Sink: stream.Parquet, Path: out, Checkpoint: ck})

	// The class's DDL: create external table if not exists default.sword_purchases (...) stored as parquet location '/tmp/sword_purchases'.
	mc, err := hms.Dial(s.Metastore)
	require.NoError(t, err)
	t.Cleanup(func() { mc.Close() })
	table := s.Name("sword_purchases")
	var cols []hms.Column
	for _, name := range []string{"Accept", "Host", "User_Agent", "event_type", "timestamp"} {
		cols = append(cols, hms.Column{Name: name, Type: "string"})
	}
	require.NoError(t, mc.CreateTable(hms.Table{
		DB: "default", Name: table, Location: fsys.URI(out), Columns: cols, TableType: hms.ExternalTable,
		Properties: map[string]string{"EXTERNAL": "TRUE", "parquet.compress": "SNAPPY"},
	}))
	t.Cleanup(func() { mc.DropTable("default", table) })

	pc, err := presto.Connect(presto.Config{Server: s.Presto, Catalog: "hive", Schema: "default"})
	require.NoError(t, err)
	query := func(sql string) []string {
		t.Helper()
		res, err := pc.Query(ctx(t), sql)
		require.NoError(t, err, sql)
		var lines []string
		for _, r := range res.Rows {
			cells := make([]string, len(r))
			for i, v := range r {
				cells[i] = fmt.Sprint(v)
			}
			lines = append(lines, strings.Join(cells, " "))
		}
		return lines
	}
	perHost := "select host, count(*) from " + table + " group by host order by host"
	assert.Empty(t, query(perHost), "no batch yet")

	s.Produce(t, topic, repeat(10, event("purchase_sword", "user1.comcast.com"))...)
	_, ran := trig(t, q)
	require.True(t, ran)
	assert.Equal(t, []string{"user1.comcast.com 10"}, query(perHost))

	s.Produce(t, topic, append(repeat(5, event("purchase_sword", "user2.att.com")), repeat(3, event("default", "user2.att.com"))...)...)
	_, ran = trig(t, q)
	require.True(t, ran)
	assert.Equal(t, []string{"user1.comcast.com 10", "user2.att.com 5"}, query(perHost), "the second batch's file joined the table")

	// Schema on read: the DDL's User_Agent is not the files' User-Agent, so it reads as null.
	assert.Equal(t, []string{"15 */* <nil>"}, query("select count(*), min(accept), min(user_agent) from "+table))
}
