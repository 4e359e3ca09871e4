package extract_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/classdata"
	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
	"github.com/fullstack-lab/fullstack-lab/internal/memstat"
	"github.com/fullstack-lab/fullstack-lab/steps/extract"
)

// memChildEnv makes the test binary a child that runs one extract and
// prints its memory (see memoryOf): the parent's heap holds the embedded
// broker's records, so the extract is measured in a process of its own.
const memChildEnv = "EXTRACT_MEMORY_CHILD"

type memSpec struct {
	Brokers      []string
	Topic        string
	Warehouse    string
	Path         string
	Shape        extract.Shape
	RowGroupRows int
}

type memUse struct {
	Rows     int64
	PeakLive uint64 // the largest live heap a GC found, bytes
	PeakRSS  int64  // bytes
	Seconds  float64
}

func TestMemoryChild(t *testing.T) {
	spec := os.Getenv(memChildEnv)
	if spec == "" {
		t.Skip("the child of TestMemoryFlat and BenchmarkMemoryFlat")
	}
	var c memSpec
	require.NoError(t, json.Unmarshal([]byte(spec), &c))
	fsys, err := warehouse.Open(c.Warehouse)
	require.NoError(t, err)
	defer fsys.Close()

	livePeak := memstat.WatchLiveHeap()
	start := time.Now()
	cfg := extract.Config{Brokers: c.Brokers, Topic: c.Topic, FS: fsys, Path: c.Path, Mode: extract.Overwrite, Shape: c.Shape}
	cfg.RowGroupRows = c.RowGroupRows
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	res, err := extract.Run(ctx, cfg)
	require.NoError(t, err)
	secs := time.Since(start).Seconds()
	b, _ := json.Marshal(memUse{Rows: res.Rows(), PeakLive: livePeak(), PeakRSS: memstat.PeakRSS(), Seconds: secs})
	fmt.Printf("MEMORY %s\n", b)
}

// memoryOf runs one extract of topic in a child process and returns its memory.
func memoryOf(t testing.TB, s *harness.Stack, topic string, shape extract.Shape, rowGroupRows int) memUse {
	t.Helper()
	spec, _ := json.Marshal(memSpec{Brokers: s.Kafka, Topic: topic, Warehouse: s.Warehouse, Path: s.Path("/tmp/mem-" + topic),
		Shape: shape, RowGroupRows: rowGroupRows})
	cmd := exec.Command(os.Args[0], "-test.run=^TestMemoryChild$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), memChildEnv+"="+string(spec))
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	for _, line := range strings.Split(string(out), "\n") {
		if rest, ok := strings.CutPrefix(line, "MEMORY "); ok {
			var m memUse
			require.NoError(t, json.Unmarshal([]byte(rest), &m))
			return m
		}
	}
	t.Fatalf("no MEMORY line from the child:\n%s", out)
	return memUse{}
}

// produceEvents appends purchases to topic until it holds n records, half
// of them purchases, with one of 1000 hosts each.
func produceEvents(t testing.TB, s *harness.Stack, topic string, from, n int) {
	t.Helper()
	const batch = 100_000
	msgs := make([]kafka.Message, 0, batch)
	for i := from; i < n; i += batch {
		msgs = msgs[:0]
		for j := i; j < min(i+batch, n); j++ {
			et := "purchase_sword"
			if j%2 == 1 {
				et = "default"
			}
			msgs = append(msgs, kafka.Message{Value: []byte(classdata.Event(et, fmt.Sprintf("user%d.comcast.com", j%1000))), Time: classdata.RecordTime(j)})
		}
		s.ProduceMessages(t, topic, msgs...)
	}
}

// checkFlat fails t unless big's peak live heap is within small's plus a margin.
func checkFlat(t testing.TB, what string, small, big memUse, nSmall, nBig int) {
	t.Helper()
	limit := small.PeakLive + small.PeakLive/2 + 6<<20
	t.Logf("%s: %d events: peak live heap %.1f MB, peak RSS %.1f MB, %.2f s; %d events: %.1f MB, %.1f MB, %.2f s",
		what, nSmall, mb(small.PeakLive), mb(uint64(small.PeakRSS)), small.Seconds, nBig, mb(big.PeakLive), mb(uint64(big.PeakRSS)), big.Seconds)
	if big.PeakLive > limit {
		t.Errorf("%s: peak live heap %.1f MB at %d events, %.1f MB at %d: memory grows with the input",
			what, mb(big.PeakLive), nBig, mb(small.PeakLive), nSmall)
	}
}

func mb(b uint64) float64 { return float64(b) / (1 << 20) }

// The extract's memory does not grow with its input, in both shapes: the
// same peak live heap at 5 times the events, once the pipeline's buffers are
// full (by 200,000 events: at 100,000 a real broker's fetches had not yet
// filled them, and the heap measured 16 MB there and 28 MB at 500,000). Small row groups make the
// inferred shape stream after a few thousand rows, as it does after a
// million by default (BenchmarkMemoryFlat: 1M and 10M events).
func TestMemoryFlat(t *testing.T) {
	if raceEnabled {
		t.Skip("memory is not measured under the race detector: go test -run TestMemoryFlat ./steps/extract/")
	}
	s := harness.Start(t)
	const small, big = 200_000, 1_000_000
	topicSmall, topicBig := s.Name("small"), s.Name("big")
	produceEvents(t, s, topicSmall, 0, small)
	produceEvents(t, s, topicBig, 0, big)
	for _, shape := range []extract.Shape{extract.ShapeInferred, extract.ShapeExplicit} {
		a := memoryOf(t, s, topicSmall, shape, 2048)
		b := memoryOf(t, s, topicBig, shape, 2048)
		require.EqualValues(t, small/2, a.Rows)
		require.EqualValues(t, big/2, b.Rows)
		checkFlat(t, shape.String(), a, b, small, big)
	}
}

// BenchmarkMemoryFlat is TestMemoryFlat at 1,000,000 and 10,000,000 events
// (half purchases) with the default row groups; it fails when memory grows
// with the input.
func BenchmarkMemoryFlat(b *testing.B) {
	s := harness.Start(b)
	const small, big = 1_000_000, 10_000_000
	shapes := []extract.Shape{extract.ShapeInferred, extract.ShapeExplicit}
	for range b.N {
		topic := s.Name(fmt.Sprintf("events%d", time.Now().UnixNano()))
		produceEvents(b, s, topic, 0, small)
		m1 := map[extract.Shape]memUse{}
		for _, shape := range shapes {
			m1[shape] = memoryOf(b, s, topic, shape, 0)
		}
		produceEvents(b, s, topic, small, big)
		for _, shape := range shapes {
			m10 := memoryOf(b, s, topic, shape, 0)
			checkFlat(b, shape.String(), m1[shape], m10, small, big)
			b.ReportMetric(mb(m1[shape].PeakLive), shape.String()+"-1M-live-MB")
			b.ReportMetric(mb(m10.PeakLive), shape.String()+"-10M-live-MB")
			b.ReportMetric(mb(uint64(m1[shape].PeakRSS)), shape.String()+"-1M-RSS-MB")
			b.ReportMetric(mb(uint64(m10.PeakRSS)), shape.String()+"-10M-RSS-MB")
		}
	}
}
