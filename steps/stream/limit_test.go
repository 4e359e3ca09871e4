package stream_test

import (
	"strconv"
	"testing"

	"github.com/segmentio/kafka-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/classdata"
	"github.com/fullstack-lab/fullstack-lab/steps/stream"
)

// purchasesPerPartition are counts[p] purchases for partition p.
func purchasesPerPartition(counts ...int) [][]kafka.Message {
	parts := make([][]kafka.Message, len(counts))
	for p, n := range counts {
		for i := range n {
			parts[p] = append(parts[p], kafka.Message{Value: []byte(classdata.Event("purchase_sword", "p"+strconv.Itoa(p)+"-"+strconv.Itoa(i)))})
		}
	}
	return parts
}

// A backlog is read in batches of at most MaxOffsetsPerTrigger records,
// shared over the partitions by their backlog as Spark shares them; every
// record is written once.
func TestMaxOffsetsPerTrigger(t *testing.T) {
	t.Parallel()
	s := harness.Start(t)
	topic, out, ck := s.Name("events"), s.Path("/tmp/sword_purchases"), s.Path("/tmp/ck")
	s.ProduceToPartitions(t, topic, purchasesPerPartition(60, 30, 1)...)
	fsys := s.WarehouseFS(t)
	q := newQuery(t, stream.Config{Brokers: s.Kafka, Topic: topic, FS: fsys, Sink: stream.Parquet, Path: out, Checkpoint: ck,
		StartingOffsets: stream.Earliest, MaxOffsetsPerTrigger: 10})

	// Spark's shares: 10*60/91 = 6.6 → 6, 10*30/91 = 3.3 → 3, 10*1/91 = 0.1 → 1 (never starved).
	res, ran := trig(t, q)
	require.True(t, ran)
	assert.Equal(t, stream.Offsets{0: 0, 1: 0, 2: 0}, res.Start)
	assert.Equal(t, stream.Offsets{0: 6, 1: 3, 2: 1}, res.End)
	assert.EqualValues(t, 10, res.Read)
	batches, total := 1, res.Rows
	for {
		next, ran := trig(t, q)
		if !ran {
			break
		}
		assert.Equal(t, res.End, next.Start, "batch %d starts where the last ended", next.ID)
		assert.LessOrEqual(t, next.Read, int64(10), "batch %d", next.ID)
		res = next
		batches++
		total += next.Rows
		require.Less(t, batches, 20)
	}
	assert.Equal(t, stream.Offsets{0: 60, 1: 30, 2: 1}, res.End)
	assert.EqualValues(t, 91, total)
	assert.GreaterOrEqual(t, batches, 10)
	rows, _ := readDir(t, fsys, out)
	hosts := map[string]bool{}
	for _, r := range rows {
		hosts[*r.Host] = true
	}
	assert.Len(t, rows, 91)
	assert.Len(t, hosts, 91, "every record once")
}
