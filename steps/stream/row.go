package stream

import "github.com/fullstack-lab/fullstack-lab/steps/extract"

// sparkTimeLayout is how Spark casts a timestamp to a string: microseconds,
// trailing zeros of the fraction dropped, no fraction at all when it is zero.
const sparkTimeLayout = "2006-01-02 15:04:05.999999"

// explicitRow flattens e to a row of extract.ExplicitSchema, as
// filter_swords_stream.py's from_json with a schema of strings does. It is
// the stream's own, apart from the extract step's extract.Explicit, so that
// each step is graded on its own code.
func explicitRow(e extract.Event) extract.Row {
	row := make(extract.Row, len(extract.ExplicitSchema))
	row[0] = extract.StringValue(string(e.Raw))
	row[1] = extract.StringValue(e.Time.UTC().Format(sparkTimeLayout))
	for i, c := range extract.ExplicitSchema[2:] {
		if f, ok := e.Get(c.Name); ok && f.Kind != extract.KindNull {
			row[2+i] = extract.StringValue(f.Value)
		}
	}
	return row
}

// isSwordPurchase is the stream's default filter (is_purchase in the class's
// stream jobs), the stream's own for the same reason.
var isSwordPurchase = extract.EventTypeIs("purchase_sword")
