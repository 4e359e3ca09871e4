package extract_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/hms"
	"github.com/fullstack-lab/fullstack-lab/steps/extract"
)

// write_hive_table.py: extract, then create the external table over the files.
func TestRegisterCreatesTheExternalTable(t *testing.T) {
	s := harness.Start(t)
	if s.Metastore == "" {
		t.Skip("this stack has no Hive Metastore")
	}
	topic, out, table := s.Name("events"), s.Path("/tmp/purchases"), s.Name("purchases")
	produce(t, s, topic, 0, benchRuns()...)
	fsys := openFS(t, s)
	res, err := run(t, extract.Config{Brokers: s.Kafka, Topic: topic, FS: fsys, Path: out})
	require.NoError(t, err)

	c, err := hms.Dial(s.Metastore)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
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
