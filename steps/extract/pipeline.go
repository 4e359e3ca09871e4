package extract

import (
	"context"
	"errors"

	"github.com/segmentio/kafka-go"
	"golang.org/x/sync/errgroup"
)

// readAhead is how many partitions are read at once.
const readAhead = 4

// parsed is a chunk of records, parsed: the events, and the reasons of the records skipped.
type parsed struct {
	read   int
	events []Event
	bad    []Reason
}

// pass reads the bounded offsets once through a pipeline: the partitions'
// readers (kafka-go decoding record batches, readAhead partitions at once),
// the parser, and the writer (shaping and Parquet encoding), each in
// goroutines of their own, joined by bounded channels. The parser takes a
// chunk from each partition being read in turn, so partitions are read in
// parallel: rows keep their offsets' order within a partition, and the
// order of the whole is the same at every run.
func (o *outputs) pass(ctx context.Context, bs []bounds, res *Result, rewrite bool) error {
	g, gctx := errgroup.WithContext(ctx)
	parsedCh := make(chan parsed, 4)
	g.Go(func() error {
		defer close(parsedCh)
		chans := make([]chan []kafka.Message, len(bs))
		var active []int // partitions being read, in the order they started
		next := 0
		start := func() {
			if next == len(bs) {
				return
			}
			i := next
			next++
			chans[i] = make(chan []kafka.Message, 4)
			active = append(active, i)
			g.Go(func() error {
				defer close(chans[i])
				return readPartition(gctx, o.cfg.Topic, bs[i], chans[i])
			})
		}
		for range readAhead {
			start()
		}
		p := &Parser{MaxValueBytes: o.cfg.MaxValueBytes}
		for k := 0; len(active) > 0; {
			if k >= len(active) {
				k = 0
			}
			var chunk []kafka.Message
			var ok bool
			select {
			case chunk, ok = <-chans[active[k]]:
			case <-gctx.Done():
				return gctx.Err()
			}
			if !ok {
				active = append(active[:k], active[k+1:]...)
				start()
				continue
			}
			k++
			pc, err := parseChunk(p, chunk)
			if err != nil {
				return err
			}
			select {
			case parsedCh <- pc:
			case <-gctx.Done():
				return gctx.Err()
			}
		}
		return nil
	})
	g.Go(func() error {
		for pc := range parsedCh {
			if err := o.add(pc, res, rewrite); err != nil {
				return err
			}
		}
		return gctx.Err()
	})
	return g.Wait()
}

func parseChunk(p *Parser, chunk []kafka.Message) (parsed, error) {
	pc := parsed{read: len(chunk), events: make([]Event, 0, len(chunk))}
	arena := make([]Field, 0, 6*len(chunk))
	for _, m := range chunk {
		e, a, err := p.parseAppend(m, arena)
		arena = a
		if err != nil {
			var bad *BadRecord
			if !errors.As(err, &bad) {
				return pc, err
			}
			pc.bad = append(pc.bad, bad.Reason)
			continue
		}
		pc.events = append(pc.events, e)
	}
	return pc, nil
}
