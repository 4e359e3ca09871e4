package harness

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"
)

// Produce writes values to topic, creating it, and fails t if Kafka does not
// take them within 30 s (a million small values take a few seconds). A topic's first write on a real broker can meet
// LEADER_NOT_AVAILABLE while the new partition elects its leader; that is
// waited out, as a producer's retries would.
func (s *Stack) Produce(t testing.TB, topic string, values ...string) {
	t.Helper()
	w := &kafka.Writer{
		Addr: kafka.TCP(s.Kafka...), Topic: topic, RequiredAcks: kafka.RequireAll,
		AllowAutoTopicCreation: true, BatchTimeout: time.Millisecond, BatchSize: 10000,
	}
	defer w.Close()
	msgs := make([]kafka.Message, len(values))
	for i, v := range values {
		msgs[i] = kafka.Message{Value: []byte(v)}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for {
		err := w.WriteMessages(ctx, msgs...)
		if err == nil {
			return
		}
		if !errors.Is(err, kafka.LeaderNotAvailable) && !errors.Is(err, kafka.UnknownTopicOrPartition) {
			t.Fatalf("produce to %s: %v", topic, err)
		}
		select {
		case <-ctx.Done():
			t.Fatalf("produce to %s: %v", topic, err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}
