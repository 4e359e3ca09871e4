package tail

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/fullstack-lab/fullstack-lab/internal/kafkaconn"
	"golang.org/x/sync/errgroup"
)

// ErrUnknownTopic is returned with -e for a topic that does not exist.
var ErrUnknownTopic = errors.New("unknown topic")

// Config is kafkacat's consumer command line: -C -b BROKERS -t TOPIC -o OFFSET [-e].
type Config struct {
	Brokers []string
	Topic   string
	// Offset is where to start: "beginning", "end", "stored" is not supported;
	// a number N is an absolute offset, -N is N messages before the end (as kafkacat).
	Offset string
	// Exit makes Run return once every partition's end, as it stood when Run
	// started, is reached (kafkacat -e). Without it Run follows the topic until ctx ends.
	Exit bool
}

// Stats is what Run consumed.
type Stats struct {
	Messages   int
	Partitions int
}

// Run prints each message value of the topic's partitions to w, one per line.
func Run(ctx context.Context, cfg Config, w io.Writer) (Stats, error) {
	var st Stats
	if len(cfg.Brokers) == 0 {
		return st, errors.New("tail: no brokers given (-b)")
	}
	if cfg.Topic == "" {
		return st, errors.New("tail: no topic given (-t)")
	}
	start, err := parseOffset(cfg.Offset)
	if err != nil {
		return st, err
	}
	parts, err := partitions(ctx, cfg)
	if err != nil {
		return st, err
	}
	st.Partitions = len(parts)

	var mu sync.Mutex
	g, ctx := errgroup.WithContext(ctx)
	for _, p := range parts {
		g.Go(func() error {
			n, err := consume(ctx, cfg, p, start, func(v []byte) error {
				mu.Lock()
				defer mu.Unlock()
				if _, err := w.Write(append(v, '\n')); err != nil {
					return fmt.Errorf("tail: write: %w", err)
				}
				return nil
			})
			mu.Lock()
			st.Messages += n
			mu.Unlock()
			return err
		})
	}
	err = g.Wait()
	if !cfg.Exit && errors.Is(err, context.Canceled) {
		err = nil
	}
	return st, err
}

// offset is a parsed -o.
type offset struct {
	kind string // "beginning", "end", "abs", "tail"
	n    int64
}

func parseOffset(s string) (offset, error) {
	switch s {
	case "", "end":
		return offset{kind: "end"}, nil
	case "beginning":
		return offset{kind: "beginning"}, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return offset{}, fmt.Errorf("tail: invalid offset %q: want beginning, end, N or -N", s)
	}
	if n < 0 {
		return offset{kind: "tail", n: -n}, nil
	}
	return offset{kind: "abs", n: n}, nil
}

// partitions lists the topic's partitions; without -e it waits for the topic to appear.
func partitions(ctx context.Context, cfg Config) ([]kafka.Partition, error) {
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	for {
		client, done := kafkaconn.Client(cfg.Brokers)
		md, err := client.Metadata(ctx, &kafka.MetadataRequest{Topics: []string{cfg.Topic}})
		done()
		if err != nil {
			return nil, fmt.Errorf("tail: metadata from %s: %w", strings.Join(cfg.Brokers, ","), err)
		}
		for _, t := range md.Topics {
			if t.Name == cfg.Topic && t.Error == nil && len(t.Partitions) > 0 {
				return t.Partitions, nil
			}
		}
		if cfg.Exit {
			return nil, fmt.Errorf("tail: topic %s: %w", cfg.Topic, ErrUnknownTopic)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-tick.C:
		}
	}
}

// consume reads one partition from start; with Exit it stops at the end offset seen first.
func consume(ctx context.Context, cfg Config, p kafka.Partition, start offset, emit func([]byte) error) (int, error) {
	// BEGIN SOLUTION: read one partition from its start offset and emit each value; with Exit stop at the end seen first
	leader := net.JoinHostPort(p.Leader.Host, strconv.Itoa(p.Leader.Port))
	conn, err := kafka.DialLeader(ctx, "tcp", leader, cfg.Topic, p.ID)
	if err != nil {
		return 0, fmt.Errorf("tail: partition %d: %w", p.ID, err)
	}
	first, last, err := conn.ReadOffsets()
	conn.Close()
	if err != nil {
		return 0, fmt.Errorf("tail: partition %d offsets: %w", p.ID, err)
	}
	from := last
	switch start.kind {
	case "beginning":
		from = first
	case "abs":
		from = min(max(start.n, first), last)
	case "tail":
		from = max(last-start.n, first)
	}
	if cfg.Exit && from >= last {
		return 0, nil
	}
	r := kafka.NewReader(kafka.ReaderConfig{
		Brokers:   cfg.Brokers,
		Topic:     cfg.Topic,
		Partition: p.ID,
		MinBytes:  1,
		MaxBytes:  10 << 20,
		MaxWait:   250 * time.Millisecond,
	})
	defer r.Close()
	if err := r.SetOffset(from); err != nil {
		return 0, fmt.Errorf("tail: partition %d: %w", p.ID, err)
	}
	n := 0
	for {
		m, err := r.ReadMessage(ctx)
		if err != nil {
			return n, err
		}
		if err := emit(m.Value); err != nil {
			return n, err
		}
		n++
		if cfg.Exit && m.Offset+1 >= last {
			return n, nil
		}
	}
	// END SOLUTION
}
