package extract

import (
	"sort"
	"strconv"

	"github.com/parquet-go/parquet-go"
)

// schemaTracker is the inferred schema without the rows: each column's name
// and the kinds its values had, as the Inferrer keeps them.
type schemaTracker struct {
	cols  []trackCol
	index map[string]int
}

type trackCol struct {
	name string
	seen uint8
}

func newSchemaTracker() *schemaTracker { return &schemaTracker{index: map[string]int{}} }

// trackerOf is the schema the Inferrer's rows have.
func trackerOf(b *Inferrer) *schemaTracker {
	t := newSchemaTracker()
	for name, c := range b.cols {
		t.index[name] = len(t.cols)
		t.cols = append(t.cols, trackCol{name: name, seen: c.seen})
	}
	return t
}

// add adds e's fields; e has no "timestamp" field.
func (t *schemaTracker) add(e Event) {
	for _, f := range e.Fields {
		j, ok := t.index[f.Name]
		if !ok {
			j = len(t.cols)
			t.index[f.Name] = j
			t.cols = append(t.cols, trackCol{name: f.Name})
		}
		if f.Kind != KindNull {
			t.cols[j].seen |= 1 << f.Kind
		}
	}
}

// schema is the schema Inferrer.Schema gives for the same rows.
func (t *schemaTracker) schema() Schema {
	s := Schema{{Name: "timestamp", Type: StringType}}
	for _, c := range t.cols {
		s = append(s, Column{Name: c.name, Type: typeOf(c.seen)})
	}
	sort.Slice(s, func(i, j int) bool { return s[i].Name < s[j].Name })
	return s
}

// hasTimestampField reports whether e has a field called timestamp, which
// the inferred shape refuses (see Inferrer.Add).
func hasTimestampField(e Event) bool {
	for _, f := range e.Fields {
		if f.Name == "timestamp" {
			return true
		}
	}
	return false
}

// rowShaper turns events into column values of a fixed inferred schema, the
// values the Inferrer gives for the same rows.
type rowShaper struct {
	schema Schema
	index  map[string]int // column of each field name
	seen   []uint8        // kinds seen per column
	tsCol  int
	// the field names of the last event and their columns: events of one
	// type mostly list their fields in one order
	lastNames []string
	lastCols  []int
	cols      [][]parquet.Value
	nulls     []parquet.Value // each column's null, leveled
	n         int
	ts        tsCache
}

func newRowShaper(s Schema, t *schemaTracker, chunk int) *rowShaper {
	r := &rowShaper{schema: s, index: map[string]int{}, seen: make([]uint8, len(s)), cols: make([][]parquet.Value, len(s))}
	for j, c := range s {
		if c.Name == "timestamp" {
			r.tsCol = j
			continue
		}
		r.index[c.Name] = j
		if i, ok := t.index[c.Name]; ok {
			r.seen[j] = t.cols[i].seen
		}
	}
	r.nulls = make([]parquet.Value, len(s))
	for j := range r.cols {
		r.cols[j] = make([]parquet.Value, 0, chunk)
		r.nulls[j] = parquet.Value{}.Level(0, 0, j)
	}
	return r
}

// add appends e as a row. It returns false, adding nothing, when e does not
// fit the schema: a field it lacks, or a value that changes a column's type.
func (r *rowShaper) add(e Event) bool {
	cols := r.lastCols
	same := len(e.Fields) == len(r.lastNames)
	if same {
		for i, f := range e.Fields {
			if f.Name != r.lastNames[i] {
				same = false
				break
			}
		}
	}
	if !same {
		r.lastNames, cols = r.lastNames[:0], r.lastCols[:0]
		for _, f := range e.Fields {
			j, ok := r.index[f.Name]
			if !ok {
				r.lastNames, r.lastCols = r.lastNames[:0], r.lastCols[:0]
				return false
			}
			r.lastNames = append(r.lastNames, f.Name)
			cols = append(cols, j)
		}
		r.lastCols = cols
	}
	for i, f := range e.Fields {
		if f.Kind == KindNull {
			continue
		}
		j := cols[i]
		if s := r.seen[j] | 1<<f.Kind; s != r.seen[j] {
			if typeOf(s) != r.schema[j].Type {
				return false
			}
			r.seen[j] = s
		}
	}
	i := r.n
	for j := range r.cols {
		r.cols[j] = append(r.cols[j], r.nulls[j])
	}
	for k, f := range e.Fields {
		if f.Kind == KindNull {
			continue
		}
		j := cols[k]
		r.cols[j][i] = fieldValue(r.schema[j].Type, f.Value, j)
	}
	r.cols[r.tsCol][i] = parquet.ByteArrayValue(r.ts.text(e.Time.UnixMicro())).Level(0, 1, r.tsCol)
	r.n++
	return true
}

// row is the row added at i, as Values (for the preview).
func (r *rowShaper) row(i int) Row {
	row := make(Row, len(r.schema))
	for j, c := range r.schema {
		v := r.cols[j][i]
		if v.IsNull() {
			continue
		}
		switch c.Type {
		case LongType:
			row[j] = LongValue(v.Int64())
		case DoubleType:
			row[j] = DoubleValue(v.Double())
		case BooleanType:
			row[j] = BooleanValue(v.Boolean())
		default:
			row[j] = StringValue(string(v.ByteArray()))
		}
	}
	return row
}

// reset empties the rows added, once written.
func (r *rowShaper) reset() {
	for j := range r.cols {
		r.cols[j] = r.cols[j][:0]
	}
	r.n = 0
	r.ts.reset() // the writer copied the bytes
}

// tracker is the schema with the kinds seen so far.
func (r *rowShaper) tracker() *schemaTracker {
	t := newSchemaTracker()
	for j, c := range r.schema {
		if j == r.tsCol {
			continue
		}
		t.index[c.Name] = len(t.cols)
		t.cols = append(t.cols, trackCol{name: c.Name, seen: r.seen[j]})
	}
	return t
}

// fieldValue is the Parquet value of a field's text in a column of type t,
// as inferCol.value and parquetValue make it.
func fieldValue(t Type, s string, col int) parquet.Value {
	var pv parquet.Value
	switch t {
	case LongType:
		n, _ := strconv.ParseInt(s, 10, 64)
		pv = parquet.Int64Value(n)
	case DoubleType:
		f, _ := strconv.ParseFloat(s, 64)
		pv = parquet.DoubleValue(f)
	case BooleanType:
		pv = parquet.BooleanValue(s == "true")
	default:
		pv = parquet.ByteArrayValue(strBytes(s))
	}
	return pv.Level(0, 1, col)
}
