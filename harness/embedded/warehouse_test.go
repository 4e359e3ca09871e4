package embedded_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness/embedded"
	"github.com/fullstack-lab/fullstack-lab/harness/stack"
)

// A stack's start resolves what overwrites killed while it was down left in
// its warehouse: a path missing between the two renames gets its old data
// back, dead stages are removed, and data nobody was writing stays.
func TestStartRecoversTheWarehouse(t *testing.T) {
	dir := t.TempDir()
	wh := filepath.Join(dir, "warehouse")
	const id = "0f8e6c1a-3b7d-4e2f-9a1b-2c3d4e5f6a7b"
	files := map[string]string{
		"tmp/.purchases-" + id + ".old/part-00000-old.parquet":       "old rows",
		"tmp/.purchases-" + id + ".tmp/part-00000-new.parquet":       "half",
		"user/hive/warehouse/db.db/t/part-00000-t.parquet":           "kept",
		"user/hive/warehouse/db.db/.t-" + id + ".tmp/part-00000.par": "dead",
		"tmp/.first-" + id + ".tmp/part-00000-first.parquet":         "a first write, killed",
	}
	for name, body := range files {
		p := filepath.Join(wh, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	}

	s, err := embedded.Start(context.Background(), stack.Options{Dir: dir})
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })

	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(wh, name))
		if err != nil {
			return ""
		}
		return string(b)
	}
	assert.Equal(t, "old rows", read("tmp/purchases/part-00000-old.parquet"))
	assert.Equal(t, "kept", read("user/hive/warehouse/db.db/t/part-00000-t.parquet"))
	for _, d := range []string{"tmp", "user/hive/warehouse/db.db"} {
		ents, err := os.ReadDir(filepath.Join(wh, d))
		require.NoError(t, err)
		for _, e := range ents {
			assert.NotEqual(t, '.', e.Name()[0], "left in %s: %s", d, e.Name())
		}
	}
}
