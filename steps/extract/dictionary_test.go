package extract_test

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/classdata"
	"github.com/fullstack-lab/fullstack-lab/steps/extract"
	"github.com/stretchr/testify/require"
)

// A column whose dictionary outgrows 1 MiB goes on in PLAIN pages (as
// parquet-mr does): raw_event, every value its own, passes it within the
// first row group. Every value must still read back as written.
func TestDictionaryFallbackReadsBack(t *testing.T) {
	const n = 60_000 // ~110 bytes of raw_event each: ~6.6 MB, past 1 MiB
	s := harness.Start(t)
	topic := s.Name("events")
	vals := make([]string, n)
	var rawBytes int
	for i := range vals {
		vals[i] = classdata.Event("purchase_sword", "user"+strconv.Itoa(i)+".comcast.com")
		rawBytes += len(vals[i])
	}
	for i := 0; i < n; i += 10_000 {
		produce(t, s, topic, i, vals[i:i+10_000]...)
	}
	fsys := s.WarehouseFS(t)
	out := s.Path("/tmp/purchases")
	for _, shape := range []extract.Shape{extract.ShapeExplicit, extract.ShapeInferred} {
		res, err := run(t, extract.Config{Brokers: s.Kafka, Topic: topic, FS: fsys, Path: out, Mode: extract.Overwrite, Shape: shape})
		require.NoError(t, err)
		require.EqualValues(t, n, res.Rows())
		files := partFiles(t, fsys, out)
		got := duck(t, fsys, files, `select count(*), count(distinct Host), min(Host), max(Host), count(distinct timestamp) from $files`)
		require.Equal(t, [][]string{{fmt.Sprint(n), fmt.Sprint(n), "user0.comcast.com", "user9999.comcast.com", fmt.Sprint(n)}}, got, shape)
		if shape == extract.ShapeExplicit {
			got = duck(t, fsys, files, `select count(distinct raw_event), cast(sum(length(raw_event)) as varchar),
				count(*) filter (where raw_event = '{"event_type": "purchase_sword", "Host": "' || Host || '", "User-Agent": "ApacheBench/2.3", "Accept": "*/*"}') from $files`)
			require.Equal(t, [][]string{{fmt.Sprint(n), fmt.Sprint(rawBytes), fmt.Sprint(n)}}, got)
		}
	}
}
