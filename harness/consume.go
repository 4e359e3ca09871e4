package harness

import (
	"context"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"
)

// Records returns every record of topic, partition by partition from the
// first offset to the latest, read with kafka-go directly: a test checks
// what a step wrote to Kafka without the code of another step. It fails t
// if the topic cannot be read within 30 s.
func (s *Stack) Records(t testing.TB, topic string) []kafka.Message {
	t.Helper()
	var out []kafka.Message
	s.eachPartition(t, topic, func(_ int, pc *kafka.Conn, first, last int64) error {
		_, err := pc.Seek(first, kafka.SeekAbsolute)
		for next := first; err == nil && next < last; {
			pc.SetReadDeadline(time.Now().Add(10 * time.Second))
			var m kafka.Message
			if m, err = pc.ReadMessage(10 << 20); err == nil {
				out = append(out, m)
				next = m.Offset + 1
			}
		}
		return err
	})
	return out
}

// EndOffsets returns the offset after the latest record of each partition
// of topic (what a consumer that has read everything has reached).
func (s *Stack) EndOffsets(t testing.TB, topic string) map[int]int64 {
	t.Helper()
	end := map[int]int64{}
	s.eachPartition(t, topic, func(partition int, _ *kafka.Conn, _, last int64) error {
		end[partition] = last
		return nil
	})
	return end
}

// eachPartition calls f with each partition of topic, a connection to its
// leader, and its first and last offsets; it fails t on any error, or if
// it takes more than 30 s.
func (s *Stack) eachPartition(t testing.TB, topic string, f func(partition int, pc *kafka.Conn, first, last int64) error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := kafka.DialContext(ctx, "tcp", s.Kafka[0])
	if err != nil {
		t.Fatalf("read topic %s: %v", topic, err)
	}
	parts, err := conn.ReadPartitions(topic)
	conn.Close()
	if err != nil {
		t.Fatalf("read topic %s: %v", topic, err)
	}
	for _, p := range parts {
		pc, err := kafka.DialLeader(ctx, "tcp", net.JoinHostPort(p.Leader.Host, strconv.Itoa(p.Leader.Port)), topic, p.ID)
		if err != nil {
			t.Fatalf("read topic %s[%d]: %v", topic, p.ID, err)
		}
		first, last, err := pc.ReadOffsets()
		if err == nil {
			err = f(p.ID, pc, first, last)
		}
		pc.Close()
		if err != nil {
			t.Fatalf("read topic %s[%d]: %v", topic, p.ID, err)
		}
	}
}

// Values returns the values of every record of topic (see Records).
func (s *Stack) Values(t testing.TB, topic string) []string {
	t.Helper()
	var vs []string
	for _, m := range s.Records(t, topic) {
		vs = append(vs, string(m.Value))
	}
	return vs
}
