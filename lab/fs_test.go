package main

import (
	"bytes"
	"io"
	"os"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
)

func TestFsLsLooksLikeHadoop(t *testing.T) {
	fsys, err := warehouse.NewLocal(t.TempDir())
	require.NoError(t, err)
	for name, data := range map[string]string{"/tmp/purchases/_SUCCESS": "", "/tmp/purchases/part-00000-x-c000.snappy.parquet": "PAR1...PAR1"} {
		w, err := fsys.Create(name)
		require.NoError(t, err)
		io.WriteString(w, data)
		require.NoError(t, w.Close())
	}
	require.NoError(t, fsys.MkdirAll("/tmp/purchases/sub"))

	var b bytes.Buffer
	require.NoError(t, warehouse.List(&b, fsys, "/tmp/purchases"))
	// hadoop fs -ls: "Found N items", then permissions, replication, owner, group, size, date, path.
	line := `(-rw-r--r--|drwxr-xr-x) {3}[1-] \S+ \S+ {1,}\d+ \d{4}-\d\d-\d\d \d\d:\d\d /tmp/purchases/`
	re := regexp.MustCompile(`^Found 3 items\n` + line + `_SUCCESS\n` + line + `part-00000-x-c000\.snappy\.parquet\n` + line + `sub\n$`)
	assert.Regexp(t, re, b.String())
	assert.Contains(t, b.String(), "         0 ", "sizes are right-aligned in 10 columns")
	assert.Regexp(t, `(?m)^drwxr-xr-x   - .* 0 .* /tmp/purchases/sub$`, b.String())

	b.Reset()
	require.NoError(t, fsCat(&b, fsys, "/tmp/purchases/part-00000-x-c000.snappy.parquet"))
	assert.Equal(t, "PAR1...PAR1", b.String())

	assert.EqualError(t, warehouse.List(io.Discard, fsys, "/tmp/nope"), "`/tmp/nope': No such file or directory")
	assert.EqualError(t, fsRm(io.Discard, fsys, "/tmp/purchases", false), "`/tmp/purchases': Is a directory")
	b.Reset()
	require.NoError(t, fsRm(&b, fsys, "/tmp/purchases", true))
	assert.Equal(t, "Deleted /tmp/purchases\n", b.String())
	_, err = fsys.Stat("/tmp/purchases")
	assert.ErrorIs(t, err, os.ErrNotExist)
}
