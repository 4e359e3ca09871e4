package serve

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/segmentio/kafka-go"
)

// producer logs events to Kafka with group commit: one loop sends everything
// that queued up while the previous produce request was in flight, in one
// request, and answers each waiting request with its own result. Under load
// the batches grow by themselves; idle, an event is sent at once.
type producer struct {
	linger  time.Duration
	open    atomic.Int64 // connections reading or answering a request (see Server's ConnState)
	queue   chan *pending
	closing chan struct{}
	done    chan struct{}
	once    sync.Once
}

type pending struct {
	ctx      context.Context
	deadline time.Time
	msg      kafka.Message
	errc     chan error
}

// maxBatch bounds the events of one produce request.
const maxBatch = 2000

// errClosed is returned for an event logged after Close.
var errClosed = errors.New("producer closed")

// errLate is returned for an event whose deadline passed before it was sent.
var errLate = errors.New("not sent to kafka before the request's deadline")

func newProducer(brokers []string, topic string, linger time.Duration) *producer {
	p := &producer{
		linger:  linger,
		queue:   make(chan *pending, 4*maxBatch),
		closing: make(chan struct{}),
		done:    make(chan struct{}),
	}
	go p.loop(newLeaders(brokers, topic))
	return p
}

// Log produces value and returns once Kafka acknowledged it, or why not:
// ctx ended (the client went away), or Kafka did not acknowledge it by
// deadline. The loop keeps the deadline (a batch is given up at the
// earliest deadline of its events), not a timer per request.
func (p *producer) Log(ctx context.Context, deadline time.Time, value []byte) error {
	req := &pending{ctx: ctx, deadline: deadline, msg: kafka.Message{Value: value}, errc: make(chan error, 1)}
	select {
	case <-p.closing:
		return errClosed
	default:
	}
	select {
	case p.queue <- req:
	default:
		// The queue is full (Kafka is slow or away): wait for room until the deadline.
		t := time.NewTimer(time.Until(deadline))
		defer t.Stop()
		select {
		case p.queue <- req:
		case <-p.closing:
			return errClosed
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
			return errLate
		}
	}
	select {
	case err := <-req.errc:
		return err
	case <-ctx.Done():
		// The event may still be written: Kafka gives no way to take it back.
		return ctx.Err()
	}
}

func (p *producer) loop(l *leaders) {
	defer close(p.done)
	defer l.close()
	batch := make([]*pending, 0, maxBatch)
	msgs := make([]kafka.Message, 0, maxBatch)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	last := 0 // events in the previous batch
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
		batch = p.drain(batch)
		if last > 1 && p.linger > 0 {
			// Under load, wait a little for the requests being read: until
			// every open connection's event is queued, or linger passed.
			timer.Reset(p.linger)
		wait:
			for len(batch) < maxBatch && int64(len(batch)) < p.open.Load() {
				select {
				case req := <-p.queue:
					batch = p.drain(append(batch, req))
				case <-timer.C:
					break wait
				}
			}
			timer.Stop()
		}
		last = len(batch)
		// Requests whose client gave up are not sent: they were answered 503.
		live := batch[:0]
		var deadline time.Time
		now := time.Now()
		for _, req := range batch {
			if err := req.ctx.Err(); err != nil {
				req.errc <- err
				continue
			}
			if !req.deadline.After(now) {
				req.errc <- errLate
				continue
			}
			if deadline.IsZero() || req.deadline.Before(deadline) {
				deadline = req.deadline
			}
			live = append(live, req)
			msgs = append(msgs, req.msg)
		}
		if len(live) == 0 {
			continue
		}
		err := l.write(deadline, msgs)
		for _, req := range live {
			req.errc <- err
		}
	}
}

// drain adds what is queued to batch, up to maxBatch events.
func (p *producer) drain(batch []*pending) []*pending {
	for len(batch) < maxBatch {
		select {
		case req := <-p.queue:
			batch = append(batch, req)
		default:
			return batch
		}
	}
	return batch
}

// Close sends what is queued, then closes the connections.
func (p *producer) Close() error {
	p.once.Do(func() { close(p.closing) })
	<-p.done
	return nil
}
