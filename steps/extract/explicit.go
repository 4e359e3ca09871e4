package extract

import "github.com/parquet-go/parquet-go"

// ExplicitSchema is filter_swords_batch.py's schema: the raw event, the
// record time, and the purchase event's fields read with from_json.
var ExplicitSchema = Schema{
	{Name: "raw_event", Type: StringType},
	{Name: "timestamp", Type: StringType},
	{Name: "Accept", Type: StringType},
	{Name: "Host", Type: StringType},
	{Name: "User-Agent", Type: StringType},
	{Name: "event_type", Type: StringType},
}

// explicitFields are the JSON fields ExplicitSchema reads, after raw_event and timestamp.
var explicitFields = []string{"Accept", "Host", "User-Agent", "event_type"}

// Explicit flattens e to a row of ExplicitSchema, as from_json with a schema
// of strings does: a missing or null field is null, a string is its text,
// any other value (number, boolean, object, array) is its JSON text.
func Explicit(e Event) Row {
	row := make(Row, len(ExplicitSchema))
	row[0] = StringValue(string(e.Raw))
	row[1] = StringValue(SparkTimestamp(e.Time))
	for i, name := range explicitFields {
		if f, ok := e.Get(name); ok && f.Kind != KindNull {
			row[2+i] = StringValue(f.Value)
		}
	}
	return row
}

// explicitShaper turns events into column values of ExplicitSchema, the
// values ParquetWriter.Write makes of Explicit's rows, without the rows.
type explicitShaper struct {
	cols [][]parquet.Value
	n    int
	ts   tsCache
}

func newExplicitShaper(chunk int) *explicitShaper {
	x := &explicitShaper{cols: make([][]parquet.Value, len(ExplicitSchema))}
	for j := range x.cols {
		x.cols[j] = make([]parquet.Value, 0, chunk)
	}
	return x
}

// nullValues are the null of each column, leveled.
var nullValues = func() (v [64]parquet.Value) {
	for j := range v {
		v[j] = parquet.Value{}.Level(0, 0, j)
	}
	return v
}()

func (x *explicitShaper) add(e Event) {
	x.cols[0] = append(x.cols[0], parquet.ByteArrayValue(e.Raw).Level(0, 1, 0))
	x.cols[1] = append(x.cols[1], parquet.ByteArrayValue(x.ts.text(e.Time.UnixMicro())).Level(0, 1, 1))
	var vals [4]parquet.Value
	for c := range vals {
		vals[c] = nullValues[2+c]
	}
	for _, f := range e.Fields {
		if f.Kind == KindNull {
			continue
		}
		for c, name := range explicitFields {
			if f.Name == name {
				vals[c] = parquet.ByteArrayValue(strBytes(f.Value)).Level(0, 1, 2+c)
			}
		}
	}
	for c, v := range vals {
		x.cols[2+c] = append(x.cols[2+c], v)
	}
	x.n++
}

// reset empties the rows added, once written (the writer copied their bytes).
func (x *explicitShaper) reset() {
	for j := range x.cols {
		x.cols[j] = x.cols[j][:0]
	}
	x.n = 0
	x.ts.reset()
}
