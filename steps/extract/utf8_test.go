package extract_test

import (
	"errors"
	"testing"

	"github.com/fullstack-lab/fullstack-lab/steps/extract"
	"github.com/segmentio/kafka-go"
)

// The scanner checks UTF-8 only when a string held a byte above 0x7f or the
// scan failed: invalid UTF-8 must still be the reason wherever it is.
func TestParseUTF8Anywhere(t *testing.T) {
	for _, tc := range []struct {
		value string
		want  extract.Reason // 0: parsed
	}{
		{"{\"event_type\": \"a\", \"caf\xe9\": 1}", extract.InvalidUTF8},           // in a name
		{"{\"event_type\": \"a\", \"o\": {\"k\": \"\xff\"}}", extract.InvalidUTF8}, // in a nested string
		{"{\"event_type\": \"a\", \"n\": 1\xff}", extract.InvalidUTF8},             // outside strings
		{"\xff{\"event_type\": \"a\"}", extract.InvalidUTF8},                       // before the object
		{"[\"\xc3\"]", extract.InvalidUTF8},                                        // not an object either
		{"{\"event_type\": \"a\", \"s\": \"caf\\u00e9 \xc3\xa9\"}", 0},             // escaped and raw é
		{"{\"event_type\": \"\xe2\x9a\x94\"}", 0},                                  // ⚔
		{"{\"event_type\": \"a\", \"s\": \"\\ud83d\"}", 0},                         // a lone surrogate escape is valid JSON
	} {
		e, err := extract.Parse(kafka.Message{Value: []byte(tc.value)})
		var bad *extract.BadRecord
		switch {
		case tc.want == 0 && err != nil:
			t.Errorf("Parse(%q): %v, want an event", tc.value, err)
		case tc.want != 0 && !errors.As(err, &bad):
			t.Errorf("Parse(%q) = %+v, %v; want reason %v", tc.value, e, err, tc.want)
		case tc.want != 0 && bad.Reason != tc.want:
			t.Errorf("Parse(%q): reason %v, want %v", tc.value, bad.Reason, tc.want)
		}
	}
}
