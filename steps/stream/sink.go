package stream

import (
	"fmt"
	"strings"

	"github.com/fullstack-lab/fullstack-lab/steps/extract"
)

// Sink is where the batches go.
type Sink string

// The sinks of the class's two streaming jobs.
const (
	// Console prints each batch as Spark's console sink does (filter_swords_stream.py).
	Console Sink = "console"
	// Parquet writes each batch as one new Parquet file in a directory (write_swords_stream.py).
	Parquet Sink = "parquet"
)

// ParseSink reads a sink name: console or parquet.
func ParseSink(s string) (Sink, error) {
	switch k := Sink(strings.ToLower(s)); k {
	case Console, Parquet:
		return k, nil
	}
	return "", fmt.Errorf("%w: unknown sink %q: choose console or parquet", ErrBadConfig, s)
}

// sink takes the rows of one batch at a time.
type sink interface {
	begin(id int64) (sinkBatch, error)
}

// sinkBatch is one batch on its way to a sink.
type sinkBatch interface {
	// write adds rows; it does not keep the slice.
	write(rows []extract.Row) error
	// finish makes the batch visible in the sink and completes res.
	finish(res *BatchResult) error
	// abort drops what the batch wrote, if it was not finished.
	abort()
}
