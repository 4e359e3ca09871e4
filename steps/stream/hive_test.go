package stream_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/classdata"
	"github.com/fullstack-lab/fullstack-lab/steps/stream"
)

// The class's last step: a Hive table over the stream's directory, declared
// before any data is there, shows each new batch's rows through Presto,
// with no DDL change and no restart (immutability, schema on read).
func TestHiveTableShowsNewBatches(t *testing.T) {
	t.Parallel()
	s := harness.Start(t)
	mc := s.MetastoreClient(t)
	s.PrestoDB(t) // skips a stack without Presto
	topic, out, ck := s.Name("events"), s.Path("/tmp/sword_purchases"), s.Path("/tmp/checkpoints_for_sword_purchases")
	fsys := s.WarehouseFS(t)
	q := newQuery(t, stream.Config{Brokers: s.Kafka, Topic: topic, FS: fsys, Sink: stream.Parquet, Path: out, Checkpoint: ck})

	// The class's DDL: create external table if not exists default.sword_purchases (...) stored as parquet location '/tmp/sword_purchases'.
	table := s.Name("sword_purchases")
	require.NoError(t, mc.CreateTable(classdata.DDLTable("default", table, fsys.URI(out))))
	t.Cleanup(func() { mc.DropTable("default", table) })
	query := func(sql string) []string {
		t.Helper()
		var lines []string
		for _, r := range s.Query(t, sql) {
			lines = append(lines, strings.Join(r, " "))
		}
		return lines
	}
	perHost := "select host, count(*) from " + table + " group by host order by host"
	assert.Empty(t, query(perHost), "no batch yet")

	s.Produce(t, topic, repeat(10, classdata.Event("purchase_sword", "user1.comcast.com"))...)
	_, ran := trig(t, q)
	require.True(t, ran)
	assert.Equal(t, []string{"user1.comcast.com 10"}, query(perHost))

	s.Produce(t, topic, append(repeat(5, classdata.Event("purchase_sword", "user2.att.com")), repeat(3, classdata.Event("default", "user2.att.com"))...)...)
	_, ran = trig(t, q)
	require.True(t, ran)
	assert.Equal(t, []string{"user1.comcast.com 10", "user2.att.com 5"}, query(perHost), "the second batch's file joined the table")

	// Schema on read: the DDL's User_Agent is not the files' User-Agent, so it reads as null.
	assert.Equal(t, []string{"15 */* NULL"}, query("select count(*), min(accept), min(user_agent) from "+table))
}
