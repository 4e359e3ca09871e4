package serve

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"time"

	"github.com/segmentio/kafka-go"
)

// producer logs events to Kafka with group commit: one loop sends everything
// that queued up while the previous produce request was in flight, in one
// request, and answers each waiting request with its own result. Under load
// the batches grow by themselves; idle, an event is sent at once.
type producer struct {
	w       *kafka.Writer
	queue   chan *pending
	closing chan struct{}
	done    chan struct{}
	once    sync.Once
}

type pending struct {
	ctx  context.Context
	msg  kafka.Message
	errc chan error
}

// maxBatch bounds the events of one produce request.
const maxBatch = 2000

// errClosed is returned for an event logged after Close.
var errClosed = errors.New("producer closed")

func newProducer(brokers []string, topic string) *producer {
	p := &producer{
		w: &kafka.Writer{
			Addr:                   kafka.TCP(brokers...),
			Topic:                  topic,
			Balancer:               &kafka.RoundRobin{},
			RequiredAcks:           kafka.RequireAll,
			AllowAutoTopicCreation: true,
			// kafka-go allocates BatchSize messages for every batch: keep it small.
			BatchSize: 64,
			// The loop hands the writer whole batches: flush each at once.
			BatchTimeout: time.Nanosecond,
			// A topic the first event creates has no leader for a moment
			// (real Kafka: LEADER_NOT_AVAILABLE): retry as kafka-python's
			// producer does, within the request's LogTimeout.
			MaxAttempts:     12,
			WriteBackoffMin: 20 * time.Millisecond,
			WriteBackoffMax: 500 * time.Millisecond,
		},
		queue:   make(chan *pending, 4*maxBatch),
		closing: make(chan struct{}),
		done:    make(chan struct{}),
	}
	go p.loop()
	return p
}

// Log produces value and returns once Kafka acknowledged it, or why not.
func (p *producer) Log(ctx context.Context, value []byte) error {
	req := &pending{ctx: ctx, msg: kafka.Message{Value: value}, errc: make(chan error, 1)}
	select {
	case p.queue <- req:
	case <-p.closing:
		return errClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-req.errc:
		return err
	case <-ctx.Done():
		// The event may still be written: Kafka gives no way to take it back.
		return ctx.Err()
	}
}

func (p *producer) loop() {
	defer close(p.done)
	batch := make([]*pending, 0, maxBatch)
	msgs := make([]kafka.Message, 0, maxBatch)
	for {
		batch, msgs = batch[:0], msgs[:0]
		select {
		case req := <-p.queue:
			batch = append(batch, req)
		case <-p.closing:
			// Close: drain what is queued, then stop.
			select {
			case req := <-p.queue:
				batch = append(batch, req)
			default:
				return
			}
		}
		// Let the handlers that are running queue their events first: fewer,
		// larger produce requests cost the broker and this process less.
		runtime.Gosched()
	drain:
		for len(batch) < maxBatch {
			select {
			case req := <-p.queue:
				batch = append(batch, req)
			default:
				break drain
			}
		}
		// Requests whose client gave up are not sent: they were answered 503.
		live := batch[:0]
		for _, req := range batch {
			if err := req.ctx.Err(); err != nil {
				req.errc <- err
				continue
			}
			live = append(live, req)
			msgs = append(msgs, req.msg)
		}
		if len(live) == 0 {
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		err := p.write(ctx, msgs)
		cancel()
		var werrs kafka.WriteErrors
		for i, req := range live {
			switch {
			case errors.As(err, &werrs) && len(werrs) == len(live):
				req.errc <- werrs[i]
			default:
				req.errc <- err
			}
		}
	}
}

// write produces msgs. A topic the first event creates has no leader for a
// moment: real Kafka answers the writer's metadata request with
// LEADER_NOT_AVAILABLE (kafka-go does not retry that one), so the whole
// batch, none of it written, is tried again until ctx ends.
func (p *producer) write(ctx context.Context, msgs []kafka.Message) error {
	backoff := 20 * time.Millisecond
	for {
		err := p.w.WriteMessages(ctx, msgs...)
		if err == nil || !noLeaderYet(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 500*time.Millisecond)
	}
}

// noLeaderYet reports whether err says the topic has no leader yet, for the
// whole request (per-message errors come as kafka.WriteErrors, and the writer
// has retried those already).
func noLeaderYet(err error) bool {
	var werrs kafka.WriteErrors
	if errors.As(err, &werrs) {
		return false
	}
	return errors.Is(err, kafka.LeaderNotAvailable) || errors.Is(err, kafka.UnknownTopicOrPartition)
}

// Close sends what is queued, then closes the writer.
func (p *producer) Close() error {
	p.once.Do(func() { close(p.closing) })
	<-p.done
	return p.w.Close()
}
