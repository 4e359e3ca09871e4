package probe_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness/probe"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWarehouseWriteLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, probe.Warehouse(ctx, "file://"+dir))
	require.NoError(t, probe.WarehouseWrite(ctx, "file://"+dir))
	entries, err := os.ReadDir(filepath.Join(dir, "tmp"))
	require.NoError(t, err)
	assert.Empty(t, entries)

	err = probe.Warehouse(ctx, "file://"+filepath.Join(dir, "missing"))
	assert.ErrorContains(t, err, "stat /:")
}
