package extract_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/classdata"
	"github.com/fullstack-lab/fullstack-lab/harness/hms"
	"github.com/fullstack-lab/fullstack-lab/steps/extract"
)

// write_hive_table.py: extract, then create the external table over the files.
func TestRegisterCreatesTheExternalTable(t *testing.T) {
	s := harness.Start(t)
	c := s.MetastoreClient(t)
	topic, out, table := s.Name("events"), s.Path("/tmp/purchases"), s.Name("purchases")
	produce(t, s, topic, 0, classdata.Values()...)
	fsys := s.WarehouseFS(t)
	res, err := run(t, extract.Config{Brokers: s.Kafka, Topic: topic, FS: fsys, Path: out})
	require.NoError(t, err)

	require.NoError(t, extract.Register(c, "", table, res.Outputs[0]))
	t.Cleanup(func() { c.DropTable("default", table) })

	got, err := c.Table("default", table)
	require.NoError(t, err)
	assert.True(t, got.IsExternal())
	assert.True(t, got.IsParquet())
	assert.Equal(t, fsys.URI(out), got.Location)
	var cols []string
	for _, col := range got.Columns {
		cols = append(cols, strings.ToLower(col.Name+" "+col.Type)) // a real metastore lowercases names
	}
	assert.Equal(t, []string{"accept string", "host string", "user-agent string", "event_type string", "timestamp string"}, cols)

	// Like Spark's CTAS, a second registration fails.
	assert.ErrorIs(t, extract.Register(c, "", table, res.Outputs[0]), hms.ErrAlreadyExists)
}

func columnNames(t hms.Table) []string {
	var cols []string
	for _, col := range t.Columns {
		cols = append(cols, strings.ToLower(col.Name)) // a real metastore lowercases names
	}
	return cols
}

// An existing table fails the run before anything is written: overwrite
// without replacing the table loses nothing.
func TestExistingTableFailsBeforeWriting(t *testing.T) {
	s := harness.Start(t)
	c := s.MetastoreClient(t)
	topic, out, table := s.Name("events"), s.Path("/tmp/purchases"), s.Name("purchases")
	produce(t, s, topic, 0, classdata.Values()...)
	fsys := s.WarehouseFS(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cfg := extract.Config{Brokers: s.Kafka, Topic: topic, FS: fsys, Path: out}
	reg := extract.Registration{Metastore: c, Table: table}
	t.Cleanup(func() { c.DropTable("default", table) })
	_, err := extract.RunRegistered(ctx, cfg, reg)
	require.NoError(t, err)
	before := listing(t, fsys, out)

	produce(t, s, topic, 40, classdata.Values()...) // more purchases: an overwrite would write 40 rows
	cfg.Mode = extract.Overwrite
	res, err := extract.RunRegistered(ctx, cfg, reg)
	require.ErrorIs(t, err, hms.ErrAlreadyExists)
	assert.EqualError(t, err, "register default."+table+": table already exists")
	assert.Zero(t, res.Read, "nothing was read")
	assert.Equal(t, before, listing(t, fsys, out), "the files are untouched")

	// A database that does not exist fails first too.
	reg.DB = s.Name("nodb")
	_, err = extract.RunRegistered(ctx, cfg, reg)
	require.ErrorIs(t, err, hms.ErrNotFound)
	assert.Equal(t, before, listing(t, fsys, out))

	cfg.Split = true
	_, err = extract.RunRegistered(ctx, cfg, extract.Registration{Metastore: c, Table: s.Name("split")})
	assert.EqualError(t, err, "register: a table takes one output, not Split's")
}

// Replace: the table's definition becomes the new output's, columns and
// location, and a table that does not exist yet is created.
func TestReplaceTable(t *testing.T) {
	s := harness.Start(t)
	c := s.MetastoreClient(t)
	topic, table := s.Name("events"), s.Name("purchases")
	first, second := s.Path("/tmp/purchases"), s.Path("/tmp/sword_purchases")
	produce(t, s, topic, 0, classdata.Values()...)
	fsys := s.WarehouseFS(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	reg := extract.Registration{Metastore: c, Table: table, Replace: true}
	t.Cleanup(func() { c.DropTable("default", table) })
	_, err := extract.RunRegistered(ctx, extract.Config{Brokers: s.Kafka, Topic: topic, FS: fsys, Path: first}, reg)
	require.NoError(t, err, "replace creates a missing table")
	got, err := c.Table("default", table)
	require.NoError(t, err)
	assert.Equal(t, []string{"accept", "host", "user-agent", "event_type", "timestamp"}, columnNames(got))
	assert.Equal(t, fsys.URI(first), got.Location)

	res, err := extract.RunRegistered(ctx, extract.Config{Brokers: s.Kafka, Topic: topic, FS: fsys, Path: second, Shape: extract.ShapeExplicit}, reg)
	require.NoError(t, err)
	assert.EqualValues(t, 20, res.Rows())
	got, err = c.Table("default", table)
	require.NoError(t, err)
	assert.Equal(t, []string{"raw_event", "timestamp", "accept", "host", "user-agent", "event_type"}, columnNames(got))
	assert.Equal(t, fsys.URI(second), got.Location)
	assert.True(t, got.IsExternal())
	assert.True(t, got.IsParquet())
	assert.Equal(t, "SNAPPY", got.Properties["parquet.compress"])
	partFiles(t, fsys, first) // the old location's files are kept
}
