package stream

import (
	"fmt"
	"io"
	"strings"

	"github.com/fullstack-lab/fullstack-lab/steps/extract"
)

// consoleSink prints each batch as Spark's console sink does: a banner with
// the batch id, then show(numRows, truncate=True) of its rows.
type consoleSink struct {
	w       io.Writer
	numRows int
}

type consoleBatch struct {
	s    *consoleSink
	id   int64
	head []extract.Row
	rows int64
}

func (s *consoleSink) begin(id int64) (sinkBatch, error) { return &consoleBatch{s: s, id: id}, nil }

func (b *consoleBatch) write(rows []extract.Row) error {
	for _, r := range rows {
		if len(b.head) <= b.s.numRows {
			b.head = append(b.head, r)
		}
	}
	b.rows += int64(len(rows))
	return nil
}

// Banner is the line above and below "Batch: N" in Spark's console sink.
const Banner = "-------------------------------------------"

func (b *consoleBatch) finish(res *BatchResult) error {
	var out strings.Builder
	fmt.Fprintf(&out, "%s\nBatch: %d\n%s\n", Banner, b.id, Banner)
	if err := extract.Show(&out, extract.Table{Schema: extract.ExplicitSchema, Rows: b.head}, b.s.numRows, extract.DefaultTruncate); err != nil {
		return err
	}
	if n := res.Skipped.Total(); n > 0 {
		fmt.Fprintf(&out, "Skipped %d malformed %s (%s)\n\n", n, plural(n, "record"), res.Skipped)
	}
	if _, err := io.WriteString(b.s.w, out.String()); err != nil {
		return fmt.Errorf("console sink: %w", err)
	}
	res.Rows = b.rows
	return nil
}

func (b *consoleBatch) abort() {}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
