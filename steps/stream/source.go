package stream

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/fullstack-lab/fullstack-lab/internal/kafkaconn"
	"github.com/segmentio/kafka-go"
)

// source is the query's Kafka topic, read partition by partition between offsets.
type source struct {
	brokers []string
	topic   string
}

func newSource(brokers []string, topic string) *source {
	return &source{brokers: brokers, topic: topic}
}

// partitionBounds is a partition's leader and its earliest and latest offsets.
type partitionBounds struct {
	leader           string
	earliest, latest int64
}

// bounds returns every partition's offsets now; an empty map when the topic does not exist (yet).
func (s *source) bounds(ctx context.Context) (map[int]partitionBounds, error) {
	client, done := kafkaconn.Client(s.brokers)
	defer done()
	md, err := client.Metadata(ctx, &kafka.MetadataRequest{Topics: []string{s.topic}})
	if err != nil {
		return nil, fmt.Errorf("metadata from %s: %w", strings.Join(s.brokers, ","), err)
	}
	var parts []kafka.Partition
	for _, t := range md.Topics {
		if t.Name != s.topic {
			continue
		}
		if errors.Is(t.Error, kafka.UnknownTopicOrPartition) || errors.Is(t.Error, kafka.LeaderNotAvailable) {
			return map[int]partitionBounds{}, nil
		}
		if t.Error != nil {
			return nil, fmt.Errorf("topic %s: %w", s.topic, t.Error)
		}
		parts = t.Partitions
	}
	out := make(map[int]partitionBounds, len(parts))
	if len(parts) == 0 {
		return out, nil
	}
	req := &kafka.ListOffsetsRequest{Topics: map[string][]kafka.OffsetRequest{}}
	for _, p := range parts {
		req.Topics[s.topic] = append(req.Topics[s.topic], kafka.FirstOffsetOf(p.ID), kafka.LastOffsetOf(p.ID))
	}
	res, err := client.ListOffsets(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("list offsets of %s: %w", s.topic, err)
	}
	for _, po := range res.Topics[s.topic] {
		if po.Error != nil {
			return nil, fmt.Errorf("offsets of %s[%d]: %w", s.topic, po.Partition, po.Error)
		}
		out[po.Partition] = partitionBounds{earliest: po.FirstOffset, latest: po.LastOffset}
	}
	for _, p := range parts {
		b, ok := out[p.ID]
		if !ok {
			return nil, fmt.Errorf("offsets of %s[%d]: missing from the broker's answer", s.topic, p.ID)
		}
		b.leader = net.JoinHostPort(p.Leader.Host, strconv.Itoa(p.Leader.Port))
		out[p.ID] = b
	}
	return out, nil
}

// readChunk is how many records a read hands over at once.
const readChunk = 4096

// read calls fn with the records of partition p from offset first to last
// (excluded), in order, in chunks.
func (s *source) read(ctx context.Context, leader string, p int, first, last int64, fn func([]kafka.Message) error) error {
	if first >= last {
		return nil
	}
	conn, err := kafkaconn.DialLeader(ctx, leader, s.topic, p)
	if err != nil {
		return fmt.Errorf("partition %d: %w", p, err)
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Now()) })
	defer stop()
	next := first
	chunk := make([]kafka.Message, 0, readChunk)
	for idle, retries := 0, 0; next < last; {
		if _, err := conn.Seek(next, kafka.SeekAbsolute); err != nil {
			return fmt.Errorf("partition %d: seek %d: %w", p, next, err)
		}
		conn.SetReadDeadline(time.Now().Add(30 * time.Second))
		batch := conn.ReadBatchWith(kafka.ReadBatchConfig{MinBytes: 1, MaxBytes: 8 << 20, MaxWait: 500 * time.Millisecond})
		before := next
		for next < last {
			m, err := batch.ReadMessage()
			if err != nil {
				break
			}
			if m.Offset < next {
				continue
			}
			if m.Offset >= last {
				next = last
				break
			}
			next = m.Offset + 1
			chunk = append(chunk, m)
			if len(chunk) == readChunk {
				if err := fn(chunk); err != nil {
					batch.Close()
					return err
				}
				// The batch is read as it is consumed: the time fn took does
				// not count against the broker's deadline.
				conn.SetReadDeadline(time.Now().Add(30 * time.Second))
				chunk = chunk[:0]
			}
		}
		err := batch.Close()
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if errors.Is(err, kafka.OffsetOutOfRange) {
			return fmt.Errorf("partition %d: offset %d: %w: it is no longer in topic %s (%v)", p, next, ErrDataLoss, s.topic, err)
		}
		if err != nil && !errors.Is(err, io.EOF) {
			var kerr kafka.Error
			if retries++; !errors.As(err, &kerr) || !kerr.Temporary() || retries > 10 {
				return fmt.Errorf("partition %d: fetch at %d: %w", p, before, err)
			}
			// A retriable error (REQUEST_TIMED_OUT from a busy broker): fetch
			// again from next after a backoff, as a consumer does.
			t := time.NewTimer(min(time.Duration(retries)*100*time.Millisecond, 2*time.Second))
			select {
			case <-t.C:
			case <-ctx.Done():
				t.Stop()
				return ctx.Err()
			}
			continue
		}
		retries = 0
		if next == before {
			// Offsets may skip records that are not data (transaction markers).
			if o := batch.Offset(); o > next {
				next = min(o, last)
				continue
			}
			if idle++; idle > 20 {
				return fmt.Errorf("partition %d: no records at offset %d though the batch ends at %d", p, next, last)
			}
			continue
		}
		idle = 0
	}
	if len(chunk) > 0 {
		return fn(chunk)
	}
	return nil
}
