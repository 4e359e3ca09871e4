package extract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// scanner parses one flat JSON object without reflection or per-field
// allocations: names and string values point into the input, or into
// scratch when they held escapes. It validates the whole text as JSON.
type scanner struct {
	data    []byte
	i       int
	scratch []byte
	fields  []rawField
	index   map[string]int // field positions, only for objects with many fields
	// high is set when a string held a byte above 0x7f: only then can the
	// text be invalid UTF-8 once it is valid JSON.
	high bool
}

type span struct {
	off, end int
	scratch  bool
}

type rawField struct {
	name, val span
	kind      Kind
	sig       uint32 // nameSig of the name: two names that differ mostly differ here
}

// nameSig packs a name's length and its first and last bytes.
func nameSig(b []byte) uint32 {
	if len(b) == 0 {
		return 0
	}
	return uint32(len(b))<<16 | uint32(b[0])<<8 | uint32(b[len(b)-1])
}

// manyFields is when duplicate detection switches from a scan to a map.
const manyFields = 32

func (s *scanner) bytes(sp span) []byte {
	if sp.scratch {
		return s.scratch[sp.off:sp.end]
	}
	return s.data[sp.off:sp.end]
}

// scan parses data as one JSON object. On failure it returns the reason and a detail.
func (s *scanner) scan(data []byte) (Reason, string) {
	s.data, s.i, s.high = data, 0, false
	s.scratch = s.scratch[:0]
	s.fields = s.fields[:0]
	if s.index != nil {
		clear(s.index)
	}
	s.ws()
	if s.i >= len(data) {
		return InvalidJSON, "empty value"
	}
	if data[s.i] != '{' {
		if json.Valid(data) {
			return NotObject, "a JSON " + jsonKind(data[s.i])
		}
		return InvalidJSON, syntaxDetail(data)
	}
	s.i++
	s.ws()
	if s.peek() == '}' {
		s.i++
	} else {
		for {
			s.ws()
			if s.peek() != '"' {
				return InvalidJSON, syntaxDetail(data)
			}
			name, ok := s.str()
			if !ok {
				return InvalidJSON, syntaxDetail(data)
			}
			s.ws()
			if s.peek() != ':' {
				return InvalidJSON, syntaxDetail(data)
			}
			s.i++
			s.ws()
			val, kind, ok := s.value()
			if !ok {
				return InvalidJSON, syntaxDetail(data)
			}
			s.add(rawField{name: name, val: val, kind: kind})
			s.ws()
			c := s.peek()
			s.i++
			if c == ',' {
				continue
			}
			if c == '}' {
				break
			}
			return InvalidJSON, syntaxDetail(data)
		}
	}
	s.ws()
	if s.i != len(data) {
		return InvalidJSON, syntaxDetail(data)
	}
	return 0, ""
}

// add appends f, or replaces an earlier field of the same name (the last wins, as in Python's json.loads).
func (s *scanner) add(f rawField) {
	name := s.bytes(f.name)
	f.sig = nameSig(name)
	if len(s.fields) < manyFields {
		for i := range s.fields {
			if s.fields[i].sig == f.sig && bytes.Equal(s.bytes(s.fields[i].name), name) {
				s.fields[i] = f
				return
			}
		}
		s.fields = append(s.fields, f)
		if len(s.fields) == manyFields {
			if s.index == nil {
				s.index = make(map[string]int)
			}
			for i := range s.fields {
				s.index[string(s.bytes(s.fields[i].name))] = i
			}
		}
		return
	}
	if i, ok := s.index[string(name)]; ok {
		s.fields[i] = f
		return
	}
	s.index[string(name)] = len(s.fields)
	s.fields = append(s.fields, f)
}

// lookup returns the field called name.
func (s *scanner) lookup(name string) (rawField, bool) {
	if len(s.fields) >= manyFields {
		i, ok := s.index[name]
		if !ok {
			return rawField{}, false
		}
		return s.fields[i], true
	}
	sig := nameSig([]byte(name))
	for _, f := range s.fields {
		if f.sig == sig && string(s.bytes(f.name)) == name {
			return f, true
		}
	}
	return rawField{}, false
}

func (s *scanner) peek() byte {
	if s.i < len(s.data) {
		return s.data[s.i]
	}
	return 0
}

func (s *scanner) ws() {
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// plain marks the bytes a string holds as they are: not '"', '\\', a
// control byte, or a byte above 0x7f.
var plain = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// str reads a string at s.i (on its opening quote).
func (s *scanner) str() (span, bool) {
	s.i++
	start := s.i
	data := s.data
	i := s.i
	for i < len(data) && plain[data[i]] {
		i++
	}
	s.i = i
	for s.i < len(s.data) {
		c := s.data[s.i]
		switch {
		case c == '"':
			s.i++
			return span{off: start, end: s.i - 1}, true
		case c == '\\':
			return s.escaped(start)
		case c < 0x20:
			return span{}, false
		case c > 0x7f:
			s.high = true
		}
		s.i++
	}
	return span{}, false
}

// escaped decodes the rest of a string that holds escapes into scratch.
func (s *scanner) escaped(start int) (span, bool) {
	off := len(s.scratch)
	s.scratch = append(s.scratch, s.data[start:s.i]...)
	for s.i < len(s.data) {
		c := s.data[s.i]
		switch {
		case c == '"':
			s.i++
			return span{off: off, end: len(s.scratch), scratch: true}, true
		case c < 0x20:
			return span{}, false
		case c != '\\':
			if c > 0x7f {
				s.high = true
			}
			s.scratch = append(s.scratch, c)
			s.i++
			continue
		}
		s.i++
		if s.i >= len(s.data) {
			return span{}, false
		}
		e := s.data[s.i]
		s.i++
		switch e {
		case '"', '\\', '/':
			s.scratch = append(s.scratch, e)
		case 'b':
			s.scratch = append(s.scratch, '\b')
		case 'f':
			s.scratch = append(s.scratch, '\f')
		case 'n':
			s.scratch = append(s.scratch, '\n')
		case 'r':
			s.scratch = append(s.scratch, '\r')
		case 't':
			s.scratch = append(s.scratch, '\t')
		case 'u':
			r, ok := s.hex4()
			if !ok {
				return span{}, false
			}
			if utf16.IsSurrogate(r) {
				r2 := utf8.RuneError
				if s.i+1 < len(s.data) && s.data[s.i] == '\\' && s.data[s.i+1] == 'u' {
					save := s.i
					s.i += 2
					lo, ok := s.hex4()
					if !ok {
						return span{}, false
					}
					if d := utf16.DecodeRune(r, lo); d != utf8.RuneError {
						r2 = d
					} else {
						s.i = save
					}
				}
				r = r2
			}
			s.scratch = utf8.AppendRune(s.scratch, r)
		default:
			return span{}, false
		}
	}
	return span{}, false
}

func (s *scanner) hex4() (rune, bool) {
	if s.i+4 > len(s.data) {
		return 0, false
	}
	var r rune
	for _, c := range s.data[s.i : s.i+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	s.i += 4
	return r, true
}

// value reads any JSON value at s.i.
func (s *scanner) value() (span, Kind, bool) {
	start := s.i
	switch c := s.peek(); {
	case c == '"':
		sp, ok := s.str()
		return sp, KindString, ok
	case c == '{' || c == '[':
		if !s.nested() || !json.Valid(s.data[start:s.i]) {
			return span{}, 0, false
		}
		return span{off: start, end: s.i}, KindJSON, true
	case c == 't':
		return s.literal("true", KindBool)
	case c == 'f':
		return s.literal("false", KindBool)
	case c == 'n':
		return s.literal("null", KindNull)
	case c == '-' || ('0' <= c && c <= '9'):
		return s.number()
	}
	return span{}, 0, false
}

func (s *scanner) literal(lit string, k Kind) (span, Kind, bool) {
	if !bytes.HasPrefix(s.data[s.i:], []byte(lit)) {
		return span{}, 0, false
	}
	s.i += len(lit)
	return span{off: s.i - len(lit), end: s.i}, k, true
}

func (s *scanner) digits() int {
	n := 0
	for s.i < len(s.data) && '0' <= s.data[s.i] && s.data[s.i] <= '9' {
		s.i++
		n++
	}
	return n
}

func (s *scanner) number() (span, Kind, bool) {
	start := s.i
	if s.peek() == '-' {
		s.i++
	}
	switch c := s.peek(); {
	case c == '0':
		s.i++
	case '1' <= c && c <= '9':
		s.digits()
	default:
		return span{}, 0, false
	}
	k := KindLong
	if s.peek() == '.' {
		s.i++
		k = KindDouble
		if s.digits() == 0 {
			return span{}, 0, false
		}
	}
	if c := s.peek(); c == 'e' || c == 'E' {
		s.i++
		k = KindDouble
		if c := s.peek(); c == '+' || c == '-' {
			s.i++
		}
		if s.digits() == 0 {
			return span{}, 0, false
		}
	}
	sp := span{off: start, end: s.i}
	if k == KindLong {
		if _, err := strconv.ParseInt(string(s.data[start:s.i]), 10, 64); err != nil {
			k = KindDouble // beyond a long: Spark would not take it either way
		}
	}
	return sp, k, true
}

// nested skips an object or array, strings included; json.Valid checks it after.
func (s *scanner) nested() bool {
	depth := 0
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case '"':
			mark := len(s.scratch)
			if _, ok := s.str(); !ok {
				return false
			}
			s.scratch = s.scratch[:mark]
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				s.i++
				return true
			}
		}
		s.i++
	}
	return false
}

func jsonKind(c byte) string {
	switch c {
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

// syntaxDetail describes why data is not valid JSON, as encoding/json says it.
func syntaxDetail(data []byte) string {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return err.Error()
	}
	return fmt.Sprintf("not a flat JSON object (%d bytes)", len(data))
}
