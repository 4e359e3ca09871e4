package classdata_test

import (
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness/classdata"
	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
)

func TestWritePurchases(t *testing.T) {
	fsys, err := warehouse.Open("file://" + t.TempDir())
	require.NoError(t, err)
	t.Cleanup(func() { fsys.Close() })
	rows := classdata.Purchases()
	require.Len(t, rows, 20)
	assert.Equal(t, "2018-04-04 22:36:13.154", *rows[0].Timestamp, "the 11th record, T0 + 30ms")
	assert.Equal(t, "2018-04-04 22:36:13.241", *rows[19].Timestamp)
	assert.Len(t, classdata.Events(), 40)

	require.NoError(t, classdata.WritePurchases(fsys, "/tmp/purchases", rows))
	require.NoError(t, classdata.WritePurchases(fsys, "/tmp/purchases", rows[:3]), "an overwrite")
	infos, err := fsys.ReadDir("/tmp/purchases")
	require.NoError(t, err)
	var names []string
	for _, fi := range infos {
		names = append(names, fi.Name())
	}
	assert.ElementsMatch(t, []string{classdata.PartFile, "_SUCCESS"}, names)

	f, err := fsys.Open("/tmp/purchases/" + classdata.PartFile)
	require.NoError(t, err)
	defer f.Close()
	pf, err := parquet.OpenFile(f, f.Size())
	require.NoError(t, err)
	var cols []string
	for _, c := range pf.Schema().Fields() {
		cols = append(cols, c.Name())
		assert.Equal(t, parquet.String().Type().String(), c.Type().String())
	}
	assert.Equal(t, []string{"Accept", "Host", "User-Agent", "event_type", "timestamp"}, cols)
	assert.EqualValues(t, 3, pf.NumRows())
}
