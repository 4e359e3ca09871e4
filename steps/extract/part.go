package extract

import (
	"fmt"
	"io"

	"github.com/parquet-go/parquet-go"
)

// Limits bound the part files and row groups of a write, as Spark's writer
// options do. The zero value is one part file per output, row groups of
// DefaultRowGroupRows rows or DefaultRowGroupBytes bytes.
type Limits struct {
	// MaxRecordsPerFile starts a new part file after this many rows (Spark's
	// spark.sql.files.maxRecordsPerFile); 0 means no limit.
	MaxRecordsPerFile int64
	// MaxFileBytes starts a new part file once a part holds this many bytes.
	// Parts are cut at row-group ends, so a part passes it by less than one
	// row group; 0 means no limit.
	MaxFileBytes int64
	// RowGroupRows bounds a row group's rows (default DefaultRowGroupRows).
	// The inferred shape holds up to this many rows to guess its schema.
	RowGroupRows int
	// RowGroupBytes bounds a row group's values, counted before encoding
	// (default DefaultRowGroupBytes, Parquet's parquet.block.size).
	RowGroupBytes int64
}

// Defaults of Limits.
const (
	DefaultRowGroupRows  = 1 << 17
	DefaultRowGroupBytes = 128 << 20
)

func (l *Limits) defaults() error {
	if l.MaxRecordsPerFile < 0 || l.MaxFileBytes < 0 || l.RowGroupRows < 0 || l.RowGroupBytes < 0 {
		return fmt.Errorf("extract: %w: negative limit in %+v", ErrBadConfig, *l)
	}
	if l.RowGroupRows == 0 {
		l.RowGroupRows = DefaultRowGroupRows
	}
	if l.RowGroupBytes == 0 {
		l.RowGroupBytes = DefaultRowGroupBytes
	}
	return nil
}

// partWriter writes rows of one schema to a Save's part files, starting a
// new part when the current one reaches a limit.
type partWriter struct {
	save   *Save
	schema Schema
	lim    Limits
	// the open part, if any
	w     io.WriteCloser
	count *countingWriter
	pw    *ParquetWriter
	parts int
	rows  int64
}

func newPartWriter(s *Save, sch Schema, lim Limits) *partWriter {
	return &partWriter{save: s, schema: sch, lim: lim}
}

func (p *partWriter) open() error {
	if p.pw != nil {
		return nil
	}
	_, w, err := p.save.Create()
	if err != nil {
		return err
	}
	p.w, p.count = w, &countingWriter{w: w}
	// Unbuffered (the part is buffered below the count), so that the count
	// is the part's size at each row group's end.
	p.pw, err = newParquetWriter(p.count, p.schema, parquet.WriteBufferSize(-1))
	if err != nil {
		w.Close()
		p.w, p.pw = nil, nil
		return err
	}
	p.pw.groupRows, p.pw.groupBytes = p.lim.RowGroupRows, p.lim.RowGroupBytes
	p.parts++
	return nil
}

// room is how many rows the open part takes before its record limit or
// its row group's end, where its size is checked.
func (p *partWriter) room() int {
	n := p.pw.groupRows - p.pw.inGroup
	if p.lim.MaxRecordsPerFile > 0 {
		n = int(min(int64(n), p.lim.MaxRecordsPerFile-p.pw.Rows()))
	}
	return n
}

// writeColumns writes n rows given column by column, leveled as parquetValue levels them.
func (p *partWriter) writeColumns(cols [][]parquet.Value, n int) error {
	sub := make([][]parquet.Value, len(cols))
	for off := 0; off < n; {
		if err := p.open(); err != nil {
			return err
		}
		k := min(n-off, p.room())
		for j, c := range cols {
			sub[j] = c[off : off+k]
		}
		if err := p.pw.writeColumns(sub, k); err != nil {
			return err
		}
		p.rows += int64(k)
		off += k
		if err := p.cut(); err != nil {
			return err
		}
	}
	return nil
}

// cut closes the open part when it has reached a limit.
func (p *partWriter) cut() error {
	full := p.lim.MaxRecordsPerFile > 0 && p.pw.Rows() >= p.lim.MaxRecordsPerFile ||
		p.lim.MaxFileBytes > 0 && p.count.n >= p.lim.MaxFileBytes
	if !full {
		return nil
	}
	return p.closePart()
}

func (p *partWriter) closePart() error {
	if p.pw == nil {
		return nil
	}
	err := p.pw.Close()
	if cerr := p.w.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("write part: %w", cerr)
	}
	p.w, p.pw, p.count = nil, nil, nil
	return err
}

// close finishes the open part; an output without rows gets one empty part
// holding the schema, as Spark writes it.
func (p *partWriter) close() error {
	if p.parts == 0 {
		if err := p.open(); err != nil {
			return err
		}
	}
	return p.closePart()
}

// abort closes the open part without finishing it; the Save's Abort removes it.
func (p *partWriter) abort() {
	if p.w != nil {
		p.w.Close()
	}
	p.w, p.pw, p.count = nil, nil, nil
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}
