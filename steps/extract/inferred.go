package extract

import (
	"sort"
	"strconv"

	"github.com/parquet-go/parquet-go"
)

// Inferrer builds the inferred shape of filtered_writes.py,
// Row(timestamp=..., **json.loads(raw)) then toDF(): one column per JSON field
// plus timestamp, columns sorted by name as Row sorts its keyword arguments,
// the schema the union over every row added, absent values null.
//
// Column types: string, long, double or boolean when all of a column's
// values agree (long and double together make double); any other mix, and
// objects or arrays, become strings holding the JSON text. (Spark would infer
// maps and arrays, and fail on a mix.)
//
// Rows are kept by column with each column's distinct values stored once,
// so a million events of a few distinct values take a few megabytes.
type Inferrer struct {
	cols  map[string]*inferCol
	times []int64 // record times, Unix microseconds
}

type inferCol struct {
	name  string
	ids   []uint32 // per row: 0 null or absent, else 1 + index in vals
	vals  []string
	kinds []Kind
	index map[string]uint32
	seen  uint8 // bit per Kind seen, nulls excepted
}

// NewInferrer returns an empty Inferrer.
func NewInferrer() *Inferrer { return &Inferrer{cols: map[string]*inferCol{}} }

// Add adds e as a row. An event with its own "timestamp" field is refused with a
// *BadRecord of reason TimestampField, as Python refuses
// Row(timestamp=..., timestamp=...).
func (b *Inferrer) Add(e Event) error {
	for _, f := range e.Fields {
		if f.Name == "timestamp" {
			return &BadRecord{Reason: TimestampField, Partition: e.Partition, Offset: e.Offset}
		}
	}
	n := len(b.times)
	b.times = append(b.times, e.Time.UnixMicro())
	for _, f := range e.Fields {
		c := b.cols[f.Name]
		if c == nil {
			c = &inferCol{name: f.Name, index: map[string]uint32{}}
			b.cols[f.Name] = c
		}
		if len(c.ids) < n {
			c.ids = append(c.ids, make([]uint32, n-len(c.ids))...)
		}
		if f.Kind == KindNull {
			c.ids = append(c.ids, 0)
			continue
		}
		c.seen |= 1 << f.Kind
		id, ok := c.index[f.Value]
		if !ok {
			c.vals = append(c.vals, f.Value)
			c.kinds = append(c.kinds, f.Kind)
			id = uint32(len(c.vals))
			c.index[f.Value] = id
		}
		c.ids = append(c.ids, id)
	}
	return nil
}

// Len is the number of rows added.
func (b *Inferrer) Len() int { return len(b.times) }

// Schema is the union schema of the rows added, sorted by column name.
func (b *Inferrer) Schema() Schema {
	s := Schema{{Name: "timestamp", Type: StringType}}
	for _, c := range b.cols {
		s = append(s, Column{Name: c.name, Type: c.typ()})
	}
	sort.Slice(s, func(i, j int) bool { return s[i].Name < s[j].Name })
	return s
}

func (c *inferCol) typ() Type { return typeOf(c.seen) }

// typeOf is the type of a column whose values had the kinds seen (a bit per Kind).
func typeOf(seen uint8) Type {
	switch seen {
	case 1 << KindString:
		return StringType
	case 1 << KindLong:
		return LongType
	case 1 << KindDouble, 1<<KindLong | 1<<KindDouble:
		return DoubleType
	case 1 << KindBool:
		return BooleanType
	}
	return StringType
}

// value converts the distinct value id of c to a Value of type t.
func (c *inferCol) value(id uint32, t Type) Value {
	if id == 0 {
		return Null
	}
	s := c.vals[id-1]
	switch t {
	case LongType:
		n, _ := strconv.ParseInt(s, 10, 64)
		return LongValue(n)
	case DoubleType:
		f, _ := strconv.ParseFloat(s, 64)
		return DoubleValue(f)
	case BooleanType:
		return BooleanValue(s == "true")
	}
	return StringValue(s)
}

func (c *inferCol) id(row int) uint32 {
	if row < len(c.ids) {
		return c.ids[row]
	}
	return 0
}

// Row returns row i in the order of s (a schema from Schema).
func (b *Inferrer) Row(i int, s Schema) Row {
	r := make(Row, len(s))
	for j, col := range s {
		if c := b.cols[col.Name]; c != nil {
			r[j] = c.value(c.id(i), col.Type)
		} else if col.Name == "timestamp" {
			r[j] = StringValue(string(appendSparkMicros(nil, b.times[i])))
		}
	}
	return r
}

// Table returns the schema and every row.
func (b *Inferrer) Table() Table {
	s := b.Schema()
	t := Table{Schema: s, Rows: make([]Row, b.Len())}
	for i := range t.Rows {
		t.Rows[i] = b.Row(i, s)
	}
	return t
}

// Head returns the schema and the first n rows.
func (b *Inferrer) Head(n int) Table {
	s := b.Schema()
	t := Table{Schema: s, Rows: make([]Row, min(n, b.Len()))}
	for i := range t.Rows {
		t.Rows[i] = b.Row(i, s)
	}
	return t
}

// Inferred flattens events to the inferred shape (see Inferrer). Without
// events there is no schema to infer and it returns ErrNoRows.
func Inferred(events []Event) (Table, error) {
	if len(events) == 0 {
		return Table{}, ErrNoRows
	}
	b := NewInferrer()
	for _, e := range events {
		if err := b.Add(e); err != nil {
			return Table{}, err
		}
	}
	return b.Table(), nil
}

// writeTo writes every row, column by column, to write; s is b.Schema().
func (b *Inferrer) writeTo(s Schema, write func(cols [][]parquet.Value, n int) error) error {
	const chunk = 8192
	// Each column's distinct values are converted once.
	dicts := make([][]parquet.Value, len(s))
	cols := make([]*inferCol, len(s))
	tsCol := -1
	for j, col := range s {
		c := b.cols[col.Name]
		if c == nil {
			tsCol = j
			continue
		}
		cols[j] = c
		d := make([]parquet.Value, len(c.vals)+1)
		for id := range d {
			d[id] = parquetValue(col.Type, c.value(uint32(id), col.Type), j)
		}
		dicts[j] = d
	}
	out := make([][]parquet.Value, len(s))
	for j := range out {
		out[j] = make([]parquet.Value, chunk)
	}
	var tsBuf []byte
	for start := 0; start < b.Len(); start += chunk {
		n := min(chunk, b.Len()-start)
		for j := range s {
			vals := out[j][:n]
			if j == tsCol {
				tsBuf = tsBuf[:0]
				for i := range vals {
					k := len(tsBuf)
					tsBuf = appendSparkMicros(tsBuf, b.times[start+i])
					vals[i] = parquet.ByteArrayValue(tsBuf[k:len(tsBuf):len(tsBuf)]).Level(0, 1, j)
				}
				continue
			}
			c, d := cols[j], dicts[j]
			for i := range vals {
				vals[i] = d[c.id(start+i)]
			}
		}
		if err := write(out, n); err != nil {
			return err
		}
	}
	return nil
}
