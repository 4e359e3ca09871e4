package extract

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"
)

// readAhead is how many partitions are read at once.
const readAhead = 4

// parsed is a chunk of records, parsed: the events, and the reasons of the records skipped.
type parsed struct {
	read   int
	events []Event
	bad    []Reason
	arena  []Field // the events' fields
}

// chunks recycles the parsed chunks once written: a chunk's slices are
// large, and allocating them anew zeroes them each time.
var chunks = sync.Pool{New: func() any {
	return &parsed{events: make([]Event, 0, chunkSize), arena: make([]Field, 0, 6*chunkSize)}
}}

func getChunk() *parsed { return chunks.Get().(*parsed) }

// putChunk returns pc to the pool. Nothing may hold its slices (the strings
// its events point to are not part of it and stay valid). They are not
// cleared: the next chunk overwrites them, and until then they keep at
// most one chunk's records from the GC.
func putChunk(pc *parsed) {
	pc.read, pc.events, pc.bad, pc.arena = 0, pc.events[:0], pc.bad[:0], pc.arena[:0]
	chunks.Put(pc)
}

// pass reads the bounded offsets once through a pipeline: the partitions'
// readers (kafka-go decoding record batches, then the parser, readAhead
// partitions at once, each in a goroutine of its own) and the writer
// (shaping and Parquet encoding) in another, joined by bounded channels.
// The writer takes a chunk from each partition being read in turn, so
// partitions are read and parsed in parallel: rows keep their offsets'
// order within a partition, and the order of the whole is the same at
// every run.
func (o *outputs) pass(ctx context.Context, bs []bounds, res *Result, rewrite bool) error {
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		chans := make([]chan *parsed, len(bs))
		var active []int // partitions being read, in the order they started
		next := 0
		start := func() {
			if next == len(bs) {
				return
			}
			i := next
			next++
			chans[i] = make(chan *parsed, 4)
			active = append(active, i)
			g.Go(func() error {
				defer close(chans[i])
				return readPartition(gctx, o.cfg.Topic, bs[i], o.cfg.MaxValueBytes, chans[i])
			})
		}
		for range readAhead {
			start()
		}
		for k := 0; len(active) > 0; {
			if k >= len(active) {
				k = 0
			}
			var pc *parsed
			var ok bool
			select {
			case pc, ok = <-chans[active[k]]:
			case <-gctx.Done():
				return gctx.Err()
			}
			if !ok {
				active = append(active[:k], active[k+1:]...)
				start()
				continue
			}
			k++
			if err := o.add(pc, res, rewrite); err != nil {
				return err
			}
			putChunk(pc)
		}
		return gctx.Err()
	})
	return g.Wait()
}
