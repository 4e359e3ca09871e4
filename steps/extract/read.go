package extract

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

// fetchMaxBytes bounds one fetch; a record larger than this still arrives
// whole (the broker returns at least one record batch).
const fetchMaxBytes = 8 << 20

// readTimeout bounds a wait for the broker's bytes.
const readTimeout = 30 * time.Second

// chunkSize is how many records travel together from a partition's reader.
const chunkSize = 4096

// bounds is a partition's offsets taken when the read starts.
type bounds struct {
	partition   kafka.Partition
	first, last int64
}

// topicBounds lists the topic's partitions with their earliest and latest offsets, now.
func topicBounds(ctx context.Context, brokers []string, topic string) ([]bounds, error) {
	client, done := kafkaconn.Client(brokers)
	defer done()
	md, err := client.Metadata(ctx, &kafka.MetadataRequest{Topics: []string{topic}})
	if err != nil {
		return nil, fmt.Errorf("metadata from %s: %w", strings.Join(brokers, ","), err)
	}
	var parts []kafka.Partition
	for _, t := range md.Topics {
		if t.Name != topic {
			continue
		}
		if t.Error != nil {
			if errors.Is(t.Error, kafka.UnknownTopicOrPartition) {
				return nil, fmt.Errorf("topic %s: %w", topic, ErrUnknownTopic)
			}
			return nil, fmt.Errorf("topic %s: %w", topic, t.Error)
		}
		parts = t.Partitions
	}
	if len(parts) == 0 {
		return nil, fmt.Errorf("topic %s: %w", topic, ErrUnknownTopic)
	}
	req := &kafka.ListOffsetsRequest{Topics: map[string][]kafka.OffsetRequest{}}
	for _, p := range parts {
		req.Topics[topic] = append(req.Topics[topic], kafka.FirstOffsetOf(p.ID), kafka.LastOffsetOf(p.ID))
	}
	res, err := client.ListOffsets(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("list offsets of %s: %w", topic, err)
	}
	offs := map[int]kafka.PartitionOffsets{}
	for _, po := range res.Topics[topic] {
		if po.Error != nil {
			return nil, fmt.Errorf("offsets of %s[%d]: %w", topic, po.Partition, po.Error)
		}
		offs[po.Partition] = po
	}
	out := make([]bounds, 0, len(parts))
	for _, p := range parts {
		po, ok := offs[p.ID]
		if !ok {
			return nil, fmt.Errorf("offsets of %s[%d]: missing from the broker's answer", topic, p.ID)
		}
		out = append(out, bounds{partition: p, first: po.FirstOffset, last: po.LastOffset})
	}
	sortBounds(out)
	return out, nil
}

func sortBounds(bs []bounds) {
	for i := 1; i < len(bs); i++ {
		for j := i; j > 0 && bs[j].partition.ID < bs[j-1].partition.ID; j-- {
			bs[j], bs[j-1] = bs[j-1], bs[j]
		}
	}
}

// readPartition parses the records of b, first to last (excluded), and sends them in chunks.
func readPartition(ctx context.Context, topic string, b bounds, maxValueBytes int, out chan<- *parsed) error {
	if b.first >= b.last {
		return nil
	}
	leader := net.JoinHostPort(b.partition.Leader.Host, strconv.Itoa(b.partition.Leader.Port))
	conn, err := kafkaconn.DialLeader(ctx, leader, topic, b.partition.ID)
	if err != nil {
		return fmt.Errorf("partition %d: %w", b.partition.ID, err)
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Now()) })
	defer stop()
	if _, err := conn.Seek(b.first, kafka.SeekAbsolute); err != nil {
		return fmt.Errorf("partition %d: seek %d: %w", b.partition.ID, b.first, err)
	}
	// The events' strings share the records' values: kafka-go reads each
	// value into a slice of its own, which nothing writes to afterwards.
	p := &Parser{MaxValueBytes: maxValueBytes, share: true}
	next := b.first
	pc := getChunk()
	send := func() error {
		select {
		case out <- pc:
			pc = getChunk()
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	idle, retries := 0, 0
	for next < b.last {
		conn.SetReadDeadline(time.Now().Add(readTimeout))
		batch := conn.ReadBatchWith(kafka.ReadBatchConfig{MinBytes: 1, MaxBytes: fetchMaxBytes, MaxWait: 500 * time.Millisecond})
		before := next
		for next < b.last {
			m, err := batch.ReadMessage()
			if err != nil {
				break
			}
			if m.Offset < next {
				continue
			}
			next = m.Offset + 1
			if m.Offset >= b.last {
				break
			}
			if err := pc.parse(p, m); err != nil {
				batch.Close()
				return err
			}
			if pc.read == chunkSize {
				if err := send(); err != nil {
					batch.Close()
					return err
				}
				// The batch is read as it is consumed: the wait for the
				// writer does not count against the broker's deadline.
				conn.SetReadDeadline(time.Now().Add(readTimeout))
			}
		}
		err := batch.Close()
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil && !errors.Is(err, io.EOF) {
			if retries++; !retriable(err) || retries > maxRetries {
				return fmt.Errorf("partition %d: fetch at %d: %w", b.partition.ID, before, err)
			}
			if err := backoff(ctx, retries); err != nil {
				return err
			}
			if _, err := conn.Seek(next, kafka.SeekAbsolute); err != nil {
				return fmt.Errorf("partition %d: seek %d: %w", b.partition.ID, next, err)
			}
			continue
		}
		retries = 0
		if next == before {
			// Offsets may skip records that are not data (transaction markers).
			if o := batch.Offset(); o > next {
				next = o
				continue
			}
			if idle++; idle > 20 {
				return fmt.Errorf("partition %d: no records at offset %d though the latest offset is %d", b.partition.ID, next, b.last)
			}
			continue
		}
		idle = 0
		if _, err := conn.Seek(next, kafka.SeekAbsolute); err != nil {
			return fmt.Errorf("partition %d: seek %d: %w", b.partition.ID, next, err)
		}
	}
	if pc.read > 0 {
		return send()
	}
	return nil
}

// parse adds m to the chunk: its event, or the reason it was skipped.
func (pc *parsed) parse(p *Parser, m kafka.Message) error {
	pc.read++
	e, arena, err := p.parseAppend(m, pc.arena)
	pc.arena = arena
	if err != nil {
		var bad *BadRecord
		if !errors.As(err, &bad) {
			return err
		}
		pc.bad = append(pc.bad, bad.Reason)
		return nil
	}
	pc.events = append(pc.events, e)
	return nil
}

// maxRetries bounds the fetches in a row that fail with an error Kafka calls
// retriable (such as REQUEST_TIMED_OUT from a busy broker), as a consumer retries them.
const maxRetries = 10

// retriable reports whether err is a Kafka error a consumer retries.
func retriable(err error) bool {
	var kerr kafka.Error
	return errors.As(err, &kerr) && kerr.Temporary()
}

// backoff waits before retry n: 100 ms, 200 ms, ... up to 2 s.
func backoff(ctx context.Context, n int) error {
	t := time.NewTimer(min(time.Duration(n)*100*time.Millisecond, 2*time.Second))
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
