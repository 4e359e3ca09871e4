package extract

import "unsafe"

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

// explicitNoCopy is Explicit without copies: raw_event points into e.Raw and
// the timestamp into buf. The row is valid until the caller reuses buf
// (buf[:0]) or e.Raw; growing buf by append leaves earlier rows intact.
func explicitNoCopy(e Event, buf []byte, row Row) ([]byte, Row) {
	row = row[:len(ExplicitSchema)]
	clear(row)
	row[0] = StringValue(unsafe.String(unsafe.SliceData(e.Raw), len(e.Raw)))
	start := len(buf)
	buf = appendSparkTimestamp(buf, e.Time)
	ts := buf[start:]
	row[1] = StringValue(unsafe.String(unsafe.SliceData(ts), len(ts)))
	for _, f := range e.Fields {
		if f.Kind == KindNull {
			continue
		}
		for i, name := range explicitFields {
			if f.Name == name {
				row[2+i] = StringValue(f.Value)
			}
		}
	}
	return buf, row
}
