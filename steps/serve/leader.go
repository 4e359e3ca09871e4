package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"syscall"
	"time"

	"github.com/segmentio/kafka-go"
)

// leaders writes batches of events to the partitions of one topic, a batch
// to each partition in turn, through a kafka.Conn to each partition's leader:
// kafka-go's produce request as it is, acks=all, without kafka.Writer's
// goroutines and per-message copies. Only the producer's loop uses it.
type leaders struct {
	brokers []string
	topic   string
	dialer  *kafka.Dialer

	parts []kafka.Partition   // the topic's partitions with a leader; nil: ask again
	conns map[int]*kafka.Conn // by partition ID
	next  int                 // the partition of the next batch, round robin
}

func newLeaders(brokers []string, topic string) *leaders {
	return &leaders{
		brokers: brokers,
		topic:   topic,
		dialer:  &kafka.Dialer{Timeout: 10 * time.Second},
		conns:   map[int]*kafka.Conn{},
	}
}

// write produces msgs, all of them or none, to one partition, and returns
// once its leader acknowledged them (acks=all). Until deadline it tries again
// where the error says nothing was written, or the connection broke (the
// broker restarted, or leadership moved: a topic the first event creates
// has no leader for a moment), asking the brokers for the leaders again
// each time. As with kafka-go's own writer, a batch whose connection broke
// after the broker took it may be written twice: at least once, never lost.
func (l *leaders) write(deadline time.Time, msgs []kafka.Message) error {
	budget := time.Until(deadline).Round(time.Millisecond)
	backoff := 10 * time.Millisecond
	for {
		err := l.try(deadline, msgs)
		if err == nil {
			return nil
		}
		if !retriable(err) {
			return err
		}
		if time.Until(deadline) < backoff {
			return fmt.Errorf("no acknowledgement within %s: %w", budget, err)
		}
		time.Sleep(backoff)
		backoff = min(2*backoff, 500*time.Millisecond)
	}
}

func (l *leaders) try(deadline time.Time, msgs []kafka.Message) error {
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	if l.parts == nil {
		parts, err := l.lookup(ctx)
		if err != nil {
			return err
		}
		l.parts = parts
	}
	p := l.parts[l.next%len(l.parts)]
	l.next++
	c := l.conns[p.ID]
	if c == nil {
		var err error
		if c, err = l.dialer.DialPartition(ctx, "tcp", "", p); err != nil {
			l.parts = nil
			return fmt.Errorf("partition %d leader %s: %w", p.ID, leaderAddr(p), err)
		}
		l.conns[p.ID] = c
	}
	c.SetDeadline(deadline)
	if _, err := c.WriteMessages(msgs...); err != nil {
		// The leader may have moved or gone: a new connection, after a new look.
		c.Close()
		delete(l.conns, p.ID)
		l.parts = nil
		return fmt.Errorf("partition %d leader %s: %w", p.ID, leaderAddr(p), err)
	}
	return nil
}

// lookup asks the brokers, in turn, for the topic's partitions (a metadata
// request, which creates the topic where the broker allows it) and keeps
// those with a leader.
func (l *leaders) lookup(ctx context.Context) ([]kafka.Partition, error) {
	var errs []error
	for _, b := range l.brokers {
		parts, err := l.dialer.LookupPartitions(ctx, "tcp", b, l.topic)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", b, err))
			continue
		}
		led := parts[:0]
		for _, p := range parts {
			if p.Leader.Host != "" {
				led = append(led, p)
			}
		}
		if len(led) == 0 {
			return nil, fmt.Errorf("topic %s: %w", l.topic, kafka.LeaderNotAvailable)
		}
		return led, nil
	}
	return nil, fmt.Errorf("metadata: %w", errors.Join(errs...))
}

// close closes the connections.
func (l *leaders) close() {
	for id, c := range l.conns {
		c.Close()
		delete(l.conns, id)
	}
}

// retriable reports whether err says the batch was not written (a temporary
// Kafka error), or that the connection could not be made or broke.
func retriable(err error) bool {
	var kerr kafka.Error
	if errors.As(err, &kerr) {
		return kerr.Temporary()
	}
	if errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var nerr net.Error
	return errors.As(err, &nerr) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}

// leaderAddr is a partition's leader as host:port, for messages.
func leaderAddr(p kafka.Partition) string {
	return net.JoinHostPort(p.Leader.Host, strconv.Itoa(p.Leader.Port))
}
