package extract

import (
	"fmt"
	"io"
	"reflect"
	"unsafe"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
	"github.com/parquet-go/parquet-go/encoding"
)

// ParquetWriter writes rows of one schema as a snappy-compressed Parquet
// file, with optional (nullable) columns in the schema's order, as Spark does.
type ParquetWriter struct {
	schema  Schema
	w       *parquet.Writer
	cols    [][]parquet.Value
	inGroup int
	rows    int64
	// a row group ends at groupRows rows or groupBytes bytes of values
	groupRows    int
	groupBytes   int64
	inGroupBytes int64
}

// dictionaryMaxBytes is parquet-mr's default parquet.dictionary.page.size.
const dictionaryMaxBytes = 1 << 20

// NewParquetWriter starts a Parquet file of schema s on w. Close finishes it.
func NewParquetWriter(w io.Writer, s Schema) (*ParquetWriter, error) {
	return newParquetWriter(w, s)
}

// newParquetWriter is NewParquetWriter with more writer options.
func newParquetWriter(w io.Writer, s Schema, opts ...parquet.WriterOption) (*ParquetWriter, error) {
	if len(s) == 0 {
		return nil, fmt.Errorf("parquet: %w: a schema needs at least one column", ErrBadConfig)
	}
	fields := make([]parquet.Field, len(s))
	seen := make(map[string]bool, len(s))
	for i, c := range s {
		if seen[c.Name] {
			return nil, fmt.Errorf("parquet: %w: column %q given twice", ErrBadConfig, c.Name)
		}
		seen[c.Name] = true
		var n parquet.Node
		switch c.Type {
		case StringType:
			n = parquet.Encoded(parquet.String(), &parquet.RLEDictionary)
		case LongType:
			n = parquet.Leaf(parquet.Int64Type)
		case DoubleType:
			n = parquet.Leaf(parquet.DoubleType)
		case BooleanType:
			n = parquet.Leaf(parquet.BooleanType)
		default:
			return nil, fmt.Errorf("parquet: %w: column %q has no type", ErrBadConfig, c.Name)
		}
		fields[i] = namedField{Node: parquet.Optional(n), name: c.Name}
	}
	schema := parquet.NewSchema("spark_schema", orderedGroup(fields))
	pw := &ParquetWriter{
		schema: s,
		w: parquet.NewWriter(w, append([]parquet.WriterOption{
			schema,
			parquet.Compression(&parquet.Snappy),
			parquet.DataPageVersion(1), // what Spark writes, and what older Hive readers take
			// A column whose dictionary outgrows 1 MiB (raw_event: every value
			// its own) goes on in PLAIN pages, as parquet-mr does at
			// parquet.dictionary.page.size: hashing every unique value into
			// the dictionary costs CPU and memory and saves nothing.
			parquet.DictionaryMaxBytes(dictionaryMaxBytes),
			parquet.CreatedBy("fullstack-lab extract", "1", ""),
		}, opts...)...),
		cols:       make([][]parquet.Value, len(s)),
		groupRows:  DefaultRowGroupRows,
		groupBytes: DefaultRowGroupBytes,
	}
	return pw, nil
}

// Write appends rows; each row has one value per column.
func (pw *ParquetWriter) Write(rows []Row) error {
	for len(rows) > 0 {
		n := min(len(rows), pw.groupRows-pw.inGroup)
		for ci, c := range pw.schema {
			vals := pw.cols[ci][:0]
			for ri, r := range rows[:n] {
				if len(r) != len(pw.schema) {
					return fmt.Errorf("parquet: row %d has %d values for %d columns", pw.rows+int64(ri), len(r), len(pw.schema))
				}
				vals = append(vals, parquetValue(c.Type, r[ci], ci))
			}
			pw.cols[ci] = vals
		}
		if err := pw.writeColumns(pw.cols, n); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// writeColumns writes n rows given column by column, leveled for optional columns.
func (pw *ParquetWriter) writeColumns(cols [][]parquet.Value, n int) error {
	cws := pw.w.ColumnWriters()
	for ci, vals := range cols {
		if _, err := cws[ci].WriteRowValues(vals[:n]); err != nil {
			return fmt.Errorf("parquet: write column %s: %w", pw.schema[ci].Name, err)
		}
		pw.inGroupBytes += valueBytes(pw.schema[ci].Type, vals[:n])
	}
	pw.rows += int64(n)
	pw.inGroup += n
	if pw.inGroup >= pw.groupRows || pw.inGroupBytes >= pw.groupBytes {
		pw.inGroup, pw.inGroupBytes = 0, 0
		if err := pw.w.Flush(); err != nil {
			return fmt.Errorf("parquet: flush row group: %w", err)
		}
	}
	return nil
}

// valueBytes is the size of vals before encoding: a string's bytes, 8 for a
// number, 1 for a boolean or a null.
func valueBytes(t Type, vals []parquet.Value) int64 {
	switch t {
	case LongType, DoubleType:
		return 8 * int64(len(vals))
	case BooleanType:
		return int64(len(vals))
	}
	var n int64
	for i := range vals {
		n += 1 + int64(len(vals[i].ByteArray()))
	}
	return n
}

// Rows is the number of rows written so far.
func (pw *ParquetWriter) Rows() int64 { return pw.rows }

// Close writes the last row group and the footer. It does not close the underlying writer.
func (pw *ParquetWriter) Close() error {
	if err := pw.w.Close(); err != nil {
		return fmt.Errorf("parquet: close: %w", err)
	}
	return nil
}

// WriteParquet writes rows of schema s to w as one snappy Parquet file.
func WriteParquet(w io.Writer, s Schema, rows []Row) error {
	pw, err := NewParquetWriter(w, s)
	if err != nil {
		return err
	}
	if err := pw.Write(rows); err != nil {
		return err
	}
	return pw.Close()
}

func parquetValue(t Type, v Value, col int) parquet.Value {
	if !v.Valid {
		return parquet.Value{}.Level(0, 0, col)
	}
	var pv parquet.Value
	switch t {
	case LongType:
		pv = parquet.Int64Value(v.Int)
	case DoubleType:
		pv = parquet.DoubleValue(v.Float)
	case BooleanType:
		pv = parquet.BooleanValue(v.Bool)
	default:
		pv = parquet.ByteArrayValue(strBytes(v.Str))
	}
	return pv.Level(0, 1, col)
}

// strBytes views s as bytes without a copy; the writer only reads them.
func strBytes(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// orderedGroup is a Parquet group whose columns keep the order given
// (parquet.Group sorts them by name; the explicit schema is not sorted).
type orderedGroup []parquet.Field

func (g orderedGroup) ID() int                     { return 0 }
func (g orderedGroup) String() string              { return fmt.Sprintf("group(%d fields)", len(g)) }
func (g orderedGroup) Type() parquet.Type          { return parquet.Group{}.Type() }
func (g orderedGroup) Optional() bool              { return false }
func (g orderedGroup) Repeated() bool              { return false }
func (g orderedGroup) Required() bool              { return true }
func (g orderedGroup) Leaf() bool                  { return false }
func (g orderedGroup) Fields() []parquet.Field     { return g }
func (g orderedGroup) Encoding() encoding.Encoding { return nil }
func (g orderedGroup) Compression() compress.Codec { return nil }
func (g orderedGroup) GoType() reflect.Type {
	sf := make([]reflect.StructField, len(g))
	for i, f := range g {
		sf[i] = reflect.StructField{Name: fmt.Sprintf("F%d", i), Type: f.GoType(), Tag: reflect.StructTag(fmt.Sprintf(`parquet:%q`, f.Name()))}
	}
	return reflect.StructOf(sf)
}

type namedField struct {
	parquet.Node
	name string
}

func (f namedField) Name() string                           { return f.name }
func (f namedField) Value(base reflect.Value) reflect.Value { return base.FieldByName(f.name) }
