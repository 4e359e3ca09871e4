package harness

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"
)

// keepForever is the topic config every test topic gets unless it says
// otherwise. Tests write records with the class's 2018 timestamps; a real
// broker's time-based retention (7 days by default) deletes such records at
// its next check, every 5 minutes, whichever test is reading them then.
var keepForever = []string{"retention.ms", "-1"}

// CreateTopic creates topic with one partition and config, as name, value
// pairs, unless it exists. Its records are kept whatever their timestamps
// (retention.ms=-1) unless config sets retention.ms.
func (s *Stack) CreateTopic(t testing.TB, topic string, config ...string) {
	t.Helper()
	s.createTopic(t, topic, 1, config)
}

func (s *Stack) createTopic(t testing.TB, topic string, partitions int, config []string) {
	t.Helper()
	if len(config)%2 != 0 {
		t.Fatalf("create topic %s: config %q is not name, value pairs", topic, config)
	}
	entries := []kafka.ConfigEntry{}
	retention := false
	for i := 0; i < len(config); i += 2 {
		entries = append(entries, kafka.ConfigEntry{ConfigName: config[i], ConfigValue: config[i+1]})
		retention = retention || config[i] == keepForever[0]
	}
	if !retention {
		entries = append(entries, kafka.ConfigEntry{ConfigName: keepForever[0], ConfigValue: keepForever[1]})
	}
	client := &kafka.Client{Addr: kafka.TCP(s.Kafka...), Timeout: 30 * time.Second}
	res, err := client.CreateTopics(context.Background(), &kafka.CreateTopicsRequest{Topics: []kafka.TopicConfig{{
		Topic: topic, NumPartitions: partitions, ReplicationFactor: 1, ConfigEntries: entries,
	}}})
	if err == nil {
		err = res.Errors[topic]
	}
	if err != nil && !errors.Is(err, kafka.TopicAlreadyExists) {
		t.Fatalf("create topic %s: %v", topic, err)
	}
}

// Produce writes values to topic, creating it (see CreateTopic), and fails t
// if Kafka does not take them within 30 s.
func (s *Stack) Produce(t testing.TB, topic string, values ...string) {
	t.Helper()
	msgs := make([]kafka.Message, len(values))
	for i, v := range values {
		msgs[i] = kafka.Message{Value: []byte(v)}
	}
	s.ProduceMessages(t, topic, msgs...)
}

// ProduceMessages writes msgs, with their record times when set, to topic,
// creating it (see CreateTopic), and fails t if Kafka does not take them
// within 30 s (a million small values take a few seconds).
func (s *Stack) ProduceMessages(t testing.TB, topic string, msgs ...kafka.Message) {
	t.Helper()
	w := s.KafkaWriter(t, topic)
	// Batches stay under the broker's default 1 MB limit, unless one value alone is larger.
	w.BatchSize, w.BatchBytes = 10000, 1_000_000
	for _, m := range msgs {
		w.BatchBytes = max(w.BatchBytes, int64(len(m.Value))+1024)
	}
	write(t, w, msgs)
}

// ProduceToPartitions creates topic with len(parts) partitions (as
// CreateTopic does) and writes parts[p] to partition p.
func (s *Stack) ProduceToPartitions(t testing.TB, topic string, parts ...[]kafka.Message) {
	t.Helper()
	s.createTopic(t, topic, len(parts), nil)
	for p, msgs := range parts {
		w := &kafka.Writer{Addr: kafka.TCP(s.Kafka...), Topic: topic, RequiredAcks: kafka.RequireAll, BatchTimeout: time.Millisecond,
			Balancer: kafka.BalancerFunc(func(kafka.Message, ...int) int { return p })}
		write(t, w, msgs)
		w.Close()
	}
}

// write writes msgs with w, and fails t if Kafka does not take them within
// 30 s. A topic's first write on a real broker can meet LEADER_NOT_AVAILABLE
// while the new partition elects its leader; that is waited out, as a
// producer's retries would.
func write(t testing.TB, w *kafka.Writer, msgs []kafka.Message) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for {
		err := w.WriteMessages(ctx, msgs...)
		if err == nil {
			return
		}
		if !errors.Is(err, kafka.LeaderNotAvailable) && !errors.Is(err, kafka.UnknownTopicOrPartition) {
			t.Fatalf("produce to %s: %v", w.Topic, err)
		}
		select {
		case <-ctx.Done():
			t.Fatalf("produce to %s: %v", w.Topic, err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}
