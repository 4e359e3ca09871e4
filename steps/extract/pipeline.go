package extract

import (
	"context"
	"errors"

	"github.com/segmentio/kafka-go"
	"golang.org/x/sync/errgroup"
)

// readAhead is how many partitions are read at once, ahead of the parser.
const readAhead = 4

// parsed is a chunk of records, parsed: the events, and the reasons of the records skipped.
type parsed struct {
	read   int
	events []Event
	bad    []Reason
}

// pass reads the bounded offsets once through a pipeline: the partitions'
// readers (kafka-go decoding record batches), the parser, and the writer
// (shaping and Parquet encoding), each in goroutines of its own, joined by
// bounded channels. Rows keep the order of partitions, then offsets.
func (o *outputs) pass(ctx context.Context, bs []bounds, res *Result, rewrite bool) error {
	g, gctx := errgroup.WithContext(ctx)
	chans := make([]chan []kafka.Message, len(bs))
	for i := range chans {
		chans[i] = make(chan []kafka.Message, 4)
	}
	g.Go(func() error {
		// Readers start in partition order, so the parser's next partition always has one.
		sem := make(chan struct{}, readAhead)
		for i, b := range bs {
			select {
			case sem <- struct{}{}:
			case <-gctx.Done():
				return nil
			}
			g.Go(func() error {
				defer func() { <-sem }()
				defer close(chans[i])
				return readPartition(gctx, o.cfg.Topic, b, chans[i])
			})
		}
		return nil
	})
	parsedCh := make(chan parsed, 4)
	g.Go(func() error {
		defer close(parsedCh)
		p := &Parser{MaxValueBytes: o.cfg.MaxValueBytes}
		for _, ch := range chans {
			for {
				var chunk []kafka.Message
				var ok bool
				select {
				case chunk, ok = <-ch:
				case <-gctx.Done():
					return gctx.Err()
				}
				if !ok {
					break
				}
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
