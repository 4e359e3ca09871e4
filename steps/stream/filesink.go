package stream

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"

	"github.com/parquet-go/parquet-go"

	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
	"github.com/fullstack-lab/fullstack-lab/steps/extract"
)

// TempDir is where the Parquet sink writes a batch's file before renaming it
// into the output directory. Hive, Presto and Spark skip names starting with _.
const TempDir = "_temporary"

// fileSink writes each batch with rows as one new Parquet file in dir. The
// file's name depends only on the query and the batch id, so a batch run
// again after a crash finds the file of its first run instead of adding a copy.
type fileSink struct {
	fs      warehouse.FS
	dir     string
	queryID string
	crash   *crashPlan
}

// FileName is the name of batch id's file: part-00000-<uuid>-c000.snappy.parquet,
// as Spark names it, with a UUID drawn from the query's id and the batch id.
func FileName(queryID string, id int64) string {
	// BEGIN SOLUTION: name batch id's file the same on every run of the batch, so a rerun after a crash replaces nothing and adds nothing
	return fmt.Sprintf("part-00000-%s-c000.snappy.parquet", batchUUID(queryID, id))
	// END SOLUTION
}

type fileBatch struct {
	s         *fileSink
	id        int64
	name, tmp string
	f         io.WriteCloser
	bw        *bufio.Writer
	pw        *extract.ParquetWriter
}

func (s *fileSink) begin(id int64) (sinkBatch, error) {
	name := FileName(s.queryID, id)
	return &fileBatch{s: s, id: id, name: name, tmp: path.Join(s.dir, TempDir, name+".tmp")}, nil
}

func (b *fileBatch) write(rows []extract.Row) error {
	if len(rows) == 0 {
		return nil
	}
	if b.pw == nil {
		f, err := b.s.fs.Create(b.tmp)
		if err != nil {
			return fmt.Errorf("parquet sink: %w", err)
		}
		b.f, b.bw = f, bufio.NewWriterSize(f, 1<<20)
		if b.pw, err = extract.NewParquetWriter(b.bw, extract.ExplicitSchema); err != nil {
			return fmt.Errorf("parquet sink: %w", err)
		}
	}
	if err := b.pw.Write(rows); err != nil {
		return fmt.Errorf("parquet sink: %w", err)
	}
	return nil
}

func (b *fileBatch) finish(res *BatchResult) error {
	if b.pw == nil {
		return nil // no rows, no file
	}
	rows := b.pw.Rows()
	err := b.pw.Close()
	if err == nil {
		err = b.bw.Flush()
	}
	if cerr := b.f.Close(); err == nil {
		err = cerr
	}
	b.f = nil
	if err != nil {
		return fmt.Errorf("parquet sink: write %s: %w", b.tmp, err)
	}
	b.s.crash.at("after-write", b.id)
	final := path.Join(b.s.dir, b.name)
	if err := b.s.fs.Rename(b.tmp, final); err != nil {
		if !errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("parquet sink: %w", err)
		}
		// The batch ran before and its file made it: keep that one, after checking it.
		if err := b.checkExisting(final, rows); err != nil {
			return err
		}
		res.Existed = true
	}
	b.s.crash.at("after-rename", b.id)
	b.cleanTemp()
	res.File = final
	res.Rows = rows
	return nil
}

// checkExisting checks the file a previous run of the batch left holds the rows of this run.
func (b *fileBatch) checkExisting(final string, rows int64) error {
	f, err := b.s.fs.Open(final)
	if err != nil {
		return fmt.Errorf("parquet sink: %w", err)
	}
	defer f.Close()
	pf, err := parquet.OpenFile(f, f.Size())
	if err != nil {
		return fmt.Errorf("parquet sink: batch %d: %s exists and is not a Parquet file: %w", b.id, final, err)
	}
	if n := pf.NumRows(); n != rows {
		return fmt.Errorf("parquet sink: batch %d: %s exists with %d rows, the batch has %d: %w",
			b.id, final, n, rows, ErrCheckpointMismatch)
	}
	return b.s.fs.RemoveAll(b.tmp)
}

// cleanTemp removes the temporary directory once it is empty.
func (b *fileBatch) cleanTemp() {
	dir := path.Join(b.s.dir, TempDir)
	if left, err := b.s.fs.ReadDir(dir); err == nil && len(left) == 0 {
		b.s.fs.RemoveAll(dir)
	}
}

func (b *fileBatch) abort() {
	if b.f != nil {
		b.f.Close()
		b.f = nil
	}
	if b.pw != nil {
		b.s.fs.RemoveAll(b.tmp)
		b.cleanTemp()
	}
}
