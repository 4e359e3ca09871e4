package extract

import (
	"fmt"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/segmentio/kafka-go"
)

// DefaultMaxValueBytes is the largest record value Parse accepts (1 MiB);
// larger ones are skipped as TooLarge.
const DefaultMaxValueBytes = 1 << 20

// Kind is the JSON kind of a field's value.
type Kind uint8

// The kinds of JSON values.
const (
	KindString Kind = iota + 1
	KindLong        // an integer that fits in 64 bits
	KindDouble      // any other number
	KindBool
	KindNull
	KindJSON // an object or an array, kept as its JSON text
)

var kindNames = [...]string{"", "string", "long", "double", "boolean", "null", "json"}

func (k Kind) String() string {
	if int(k) < len(kindNames) && k > 0 {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// Field is one field of an event.
type Field struct {
	Name string
	Kind Kind
	// Value is the decoded string for KindString, the JSON text otherwise
	// ("42", "true", "null", `{"a":1}`).
	Value string
}

// Event is one parsed record: a JSON object with a string event_type.
type Event struct {
	// Raw is the record's value, the event's JSON text.
	Raw []byte
	// Time is the Kafka record time.
	Time      time.Time
	Partition int
	Offset    int64
	EventType string
	// Fields are the object's fields in their JSON order; for a name given
	// twice the last value wins, as with Python's json.loads.
	Fields []Field
}

// Get returns the field called name.
func (e Event) Get(name string) (Field, bool) {
	for _, f := range e.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// Parser parses records into events. Its zero value uses DefaultMaxValueBytes.
// A Parser reuses its buffers: use one per goroutine.
type Parser struct {
	// MaxValueBytes bounds a record's value; 0 means DefaultMaxValueBytes.
	MaxValueBytes int

	s      scanner
	intern map[string]string
	// share makes names and values without escapes point into the
	// record's value instead of copies: for callers that never change a
	// record's value once parsed.
	share bool
	// prev holds the last event's names and values by position: events of
	// one kind repeat most of them in the same places, found without a map.
	prev []string
}

// strAt is str, first trying the string at position i of the last event.
func (p *Parser) strAt(i int, b []byte) string {
	if i < len(p.prev) && p.prev[i] == string(b) {
		return p.prev[i]
	}
	s := p.str(b)
	if i < len(p.prev) {
		p.prev[i] = s
	} else if i == len(p.prev) {
		p.prev = append(p.prev, s)
	}
	return s
}

// Interning bounds: short values repeat (hosts, agents, event types), so
// they are allocated once per parser instead of once per event.
const (
	internMaxLen     = 64
	internMaxEntries = 1 << 14
)

// str returns b as a string, shared with earlier equal short strings.
func (p *Parser) str(b []byte) string {
	if len(b) > internMaxLen {
		return string(b)
	}
	if s, ok := p.intern[string(b)]; ok {
		return s
	}
	s := string(b)
	if p.intern == nil {
		p.intern = make(map[string]string)
	}
	if len(p.intern) < internMaxEntries {
		p.intern[s] = s
	}
	return s
}

// Parse parses one Kafka record. A record that is not a JSON object with a
// string event_type gives a *BadRecord error saying why.
func Parse(m kafka.Message) (Event, error) {
	var p Parser
	return p.Parse(m)
}

// Parse parses one Kafka record; see the package-level Parse.
func (p *Parser) Parse(m kafka.Message) (Event, error) {
	e, _, err := p.parseAppend(m, nil)
	return e, err
}

// parseAppend is Parse with the event's fields appended to arena, so that
// the events of a chunk share one allocation. It returns the grown arena.
func (p *Parser) parseAppend(m kafka.Message, arena []Field) (Event, []Field, error) {
	et, bad := p.scan(m.Value, m.Partition, m.Offset)
	if bad != nil {
		return Event{}, arena, bad
	}
	start := len(arena)
	if p.share {
		for _, f := range p.s.fields {
			arena = append(arena, Field{Name: p.view(f.name), Kind: f.kind, Value: p.view(f.val)})
		}
	} else {
		for i, f := range p.s.fields {
			arena = append(arena, Field{Name: p.strAt(2*i, p.s.bytes(f.name)), Kind: f.kind, Value: p.strAt(2*i+1, p.s.bytes(f.val))})
		}
	}
	e := Event{
		Raw:       m.Value,
		Time:      m.Time,
		Partition: m.Partition,
		Offset:    m.Offset,
		EventType: et,
		Fields:    arena[start:len(arena):len(arena)],
	}
	return e, arena, nil
}

// scan checks and scans value; on success p.s holds its fields.
func (p *Parser) scan(value []byte, partition int, offset int64) (string, *BadRecord) {
	limit := p.MaxValueBytes
	if limit <= 0 {
		limit = DefaultMaxValueBytes
	}
	bad := func(r Reason, detail string) *BadRecord {
		return &BadRecord{Reason: r, Partition: partition, Offset: offset, Detail: detail}
	}
	if len(value) > limit {
		return "", bad(TooLarge, fmt.Sprintf("%d bytes, more than %d", len(value), limit))
	}
	// Invalid UTF-8 is the reason whatever else is wrong; the scan tells
	// when the text needs the check (a byte above 0x7f, or a failure).
	if r, detail := p.s.scan(value); r != 0 || p.s.high {
		if !utf8.Valid(value) {
			return "", bad(InvalidUTF8, "")
		}
		if r != 0 {
			return "", bad(r, detail)
		}
	}
	f, ok := p.s.lookup("event_type")
	switch {
	case !ok:
		return "", bad(MissingEventType, "")
	case f.kind != KindString:
		return "", bad(EventTypeNotString, "event_type is "+f.kind.String())
	}
	if p.share {
		return p.view(f.val), nil
	}
	return p.str(p.s.bytes(f.val)), nil
}

// view is the string at sp: a view of the record's value, or a copy of
// what was decoded into scratch (which the next record reuses).
func (p *Parser) view(sp span) string {
	if sp.scratch {
		return p.str(p.s.scratch[sp.off:sp.end])
	}
	if sp.end == sp.off {
		return ""
	}
	return unsafe.String(&p.s.data[sp.off], sp.end-sp.off)
}
