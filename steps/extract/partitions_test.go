package extract_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/classdata"
	"github.com/fullstack-lab/fullstack-lab/steps/extract"
	"github.com/segmentio/kafka-go"
	"github.com/stretchr/testify/require"
)

// Partitions are read and parsed in parallel: every record is written once,
// rows keep their offsets' order within a partition, and two runs write the
// same order. Partition 0 holds more than one chunk of records.
func TestPartitionsReadInParallel(t *testing.T) {
	counts := []int{9000, 10, 3000}
	s := harness.Start(t)
	topic := s.Name("events")
	client := &kafka.Client{Addr: kafka.TCP(s.Kafka...), Timeout: 30 * time.Second}
	res, err := client.CreateTopics(context.Background(), &kafka.CreateTopicsRequest{Topics: []kafka.TopicConfig{{
		Topic: topic, NumPartitions: len(counts), ReplicationFactor: 1,
		ConfigEntries: []kafka.ConfigEntry{{ConfigName: "retention.ms", ConfigValue: "-1"}},
	}}})
	if err == nil {
		err = res.Errors[topic]
	}
	require.NoError(t, err)
	var msgs []kafka.Message
	total := 0
	for p, n := range counts {
		for i := range n {
			msgs = append(msgs, kafka.Message{Key: []byte{byte(p)}, Value: []byte(classdata.Event("purchase_sword", fmt.Sprintf("p%d-%d", p, i))), Time: classdata.RecordTime(total)})
			total++
		}
	}
	w := &kafka.Writer{Addr: kafka.TCP(s.Kafka...), Topic: topic, RequiredAcks: kafka.RequireAll, BatchTimeout: time.Millisecond, BatchSize: 5000,
		Balancer: kafka.BalancerFunc(func(m kafka.Message, _ ...int) int { return int(m.Key[0]) })}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for {
		err := w.WriteMessages(ctx, msgs...)
		if err == nil {
			break
		}
		// A new topic's partitions elect their leaders first (real Kafka).
		require.True(t, errors.Is(err, kafka.LeaderNotAvailable) || errors.Is(err, kafka.UnknownTopicOrPartition), "%v", err)
		select {
		case <-ctx.Done():
			t.Fatal(err)
		case <-time.After(100 * time.Millisecond):
		}
	}
	require.NoError(t, w.Close())

	fsys := s.WarehouseFS(t)
	for _, shape := range []extract.Shape{extract.ShapeInferred, extract.ShapeExplicit} {
		var orders []string
		for range 2 {
			out := s.Path("/tmp/purchases")
			r, err := run(t, extract.Config{Brokers: s.Kafka, Topic: topic, FS: fsys, Path: out, Mode: extract.Overwrite, Shape: shape})
			require.NoError(t, err, shape)
			require.EqualValues(t, total, r.Read)
			require.EqualValues(t, total, r.Rows())
			rows := duck(t, fsys, partFiles(t, fsys, out), `select Host from $files`)
			require.Len(t, rows, total)
			next := make([]int, len(counts)) // the next index expected in each partition
			hosts := make([]string, len(rows))
			for i, row := range rows {
				hosts[i] = row[0]
				ps, is, ok := strings.Cut(strings.TrimPrefix(row[0], "p"), "-")
				require.True(t, ok, row[0])
				p, _ := strconv.Atoi(ps)
				j, _ := strconv.Atoi(is)
				require.Equal(t, next[p], j, "row %d (%s) out of its partition's order (%s)", i, row[0], shape)
				next[p]++
			}
			require.Equal(t, counts, next, shape)
			orders = append(orders, strings.Join(hosts, ","))
		}
		require.Equal(t, orders[0], orders[1], "%s: two runs wrote different orders", shape)
		// The partitions are interleaved, not one after another.
		require.NotEqual(t, "p0-8999", strings.Split(orders[0], ",")[counts[0]-1], shape)
	}
}
