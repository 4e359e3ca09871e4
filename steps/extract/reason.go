package extract

import (
	"fmt"
	"sort"
	"strings"
)

// Reason says why a record was skipped.
type Reason int

// The reasons a record is skipped, in the order reports list them.
const (
	InvalidJSON Reason = iota + 1
	NotObject
	MissingEventType
	EventTypeNotString
	InvalidUTF8
	TooLarge
	// TimestampField: the event has its own "timestamp" field, which the
	// inferred shape's Row(timestamp=..., **event) cannot take twice
	// (Python: "got multiple values for keyword argument 'timestamp'").
	TimestampField
)

var reasonNames = map[Reason]string{
	InvalidJSON:        "invalid JSON",
	NotObject:          "JSON not an object",
	MissingEventType:   "missing event_type",
	EventTypeNotString: "event_type not a string",
	InvalidUTF8:        "invalid UTF-8",
	TooLarge:           "value too large",
	TimestampField:     "own timestamp field",
}

func (r Reason) String() string {
	if s, ok := reasonNames[r]; ok {
		return s
	}
	return fmt.Sprintf("reason(%d)", int(r))
}

// BadRecord is the error Parse returns for a record it skips.
type BadRecord struct {
	Reason    Reason
	Partition int
	Offset    int64
	// Detail says what is wrong, e.g. the JSON syntax error.
	Detail string
}

func (e *BadRecord) Error() string {
	s := fmt.Sprintf("record %d@%d: %s", e.Partition, e.Offset, e.Reason)
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}

// Skipped counts skipped records by reason.
type Skipped map[Reason]int

// Add counts one record skipped for r.
func (s Skipped) Add(r Reason) { s[r]++ }

// Total is the number of skipped records.
func (s Skipped) Total() int {
	n := 0
	for _, c := range s {
		n += c
	}
	return n
}

// Merge adds the counts of o to s.
func (s Skipped) Merge(o Skipped) {
	for r, c := range o {
		s[r] += c
	}
}

// String lists the counts as "invalid JSON: 2, missing event_type: 1", by reason order.
func (s Skipped) String() string {
	rs := make([]Reason, 0, len(s))
	for r, c := range s {
		if c > 0 {
			rs = append(rs, r)
		}
	}
	if len(rs) == 0 {
		return "none"
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i] < rs[j] })
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = fmt.Sprintf("%s: %d", r, s[r])
	}
	return strings.Join(parts, ", ")
}
