package stream_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/steps/stream"
)

// produceToPartitions creates topic with len(counts) partitions and writes
// counts[p] purchases to partition p.
func produceToPartitions(t *testing.T, s *harness.Stack, topic string, counts ...int) {
	t.Helper()
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	client := &kafka.Client{Addr: kafka.TCP(s.Kafka...), Timeout: 30 * time.Second}
	res, err := client.CreateTopics(c, &kafka.CreateTopicsRequest{Topics: []kafka.TopicConfig{{
		Topic: topic, NumPartitions: len(counts), ReplicationFactor: 1,
		ConfigEntries: []kafka.ConfigEntry{{ConfigName: "retention.ms", ConfigValue: "-1"}},
	}}})
	require.NoError(t, err)
	require.NoError(t, res.Errors[topic])
	var msgs []kafka.Message
	for p, n := range counts {
		for i := range n {
			msgs = append(msgs, kafka.Message{Key: []byte(strconv.Itoa(p)), Value: []byte(event("purchase_sword", "p"+strconv.Itoa(p)+"-"+strconv.Itoa(i)))})
		}
	}
	w := &kafka.Writer{
		Addr: kafka.TCP(s.Kafka...), Topic: topic, RequiredAcks: kafka.RequireAll, BatchTimeout: time.Millisecond,
		Balancer: kafka.BalancerFunc(func(m kafka.Message, _ ...int) int { p, _ := strconv.Atoi(string(m.Key)); return p }),
	}
	defer w.Close()
	for {
		err := w.WriteMessages(c, msgs...)
		if err == nil {
			return
		}
		require.ErrorIs(t, err, kafka.LeaderNotAvailable, "produce to %s", topic)
		select {
		case <-c.Done():
			t.Fatalf("produce to %s: %v", topic, err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// A backlog is read in batches of at most MaxOffsetsPerTrigger records,
// shared over the partitions by their backlog as Spark shares them; every
// record is written once.
func TestMaxOffsetsPerTrigger(t *testing.T) {
	t.Parallel()
	s := harness.Start(t)
	topic, out, ck := s.Name("events"), s.Path("/tmp/sword_purchases"), s.Path("/tmp/ck")
	produceToPartitions(t, s, topic, 60, 30, 1)
	fsys := openFS(t, s)
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
