package probe_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
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

// coordinator serves /v1/info and, unless cluster is "", /v1/cluster, as a
// PrestoDB coordinator does.
func coordinator(t *testing.T, info, cluster string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/v1/info":
			w.Write([]byte(info))
		case r.URL.Path == "/v1/cluster" && cluster != "":
			w.Write([]byte(cluster))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestPrestoWantsAnActiveWorker(t *testing.T) {
	const started = `{"nodeVersion":{"version":"0.287"},"environment":"lab","coordinator":true,"starting":false,"uptime":"2.00s"}`
	const starting = `{"nodeVersion":{"version":"0.287"},"coordinator":true,"starting":true}`
	// The shape of PrestoDB 0.287's /v1/cluster.
	cluster := func(workers int) string {
		return fmt.Sprintf(`{"runningQueries":0,"blockedQueries":0,"queuedQueries":0,"activeWorkers":%d,"runningDrivers":0,"reservedMemory":0.0,"totalInputRows":0,"totalInputBytes":0,"totalCpuTimeSecs":0}`, workers)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	tests := []struct {
		description   string
		info, cluster string
		want          error
		wantText      string
	}{
		{"ready", started, cluster(1), nil, ""},
		{"starting", starting, cluster(1), probe.ErrStarting, "get /v1/info: the coordinator is still starting"},
		{"no worker yet", started, cluster(0), probe.ErrNoWorker, "get /v1/cluster: no active worker yet"},
		{"no cluster stats served", started, "", nil, ""},
		{"not presto", `<html>`, cluster(1), nil, `get /v1/info: not a Presto coordinator's answer: "<html>"`},
		{"not cluster stats", started, `{"nodes":[]}`, nil, `get /v1/cluster: not a Presto coordinator's answer`},
	}
	for _, tc := range tests {
		t.Run(tc.description, func(t *testing.T) {
			err := probe.Presto(ctx, coordinator(t, tc.info, tc.cluster))
			switch {
			case tc.want != nil:
				require.ErrorIs(t, err, tc.want)
				assert.ErrorContains(t, err, tc.wantText)
			case tc.wantText != "":
				assert.ErrorContains(t, err, tc.wantText)
			default:
				assert.NoError(t, err)
			}
		})
	}
	// No worker yet is still starting, for callers that wait on ErrStarting.
	assert.ErrorIs(t, probe.ErrNoWorker, probe.ErrStarting)
	assert.NotErrorIs(t, probe.ErrStarting, probe.ErrNoWorker)
}
