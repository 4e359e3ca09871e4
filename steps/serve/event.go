package serve

import (
	"net/http"
	"slices"
	"strings"
)

// Event builds the JSON event game_api.py logs: {"event_type": ...} updated
// with every request header, Host included, and encoded as Python's
// json.dumps encodes it (", " and ": " separators, non-ASCII as \uXXXX).
// Repeated headers are joined with ", " as a WSGI server joins them.
// Flask keeps the headers in the order received, which Go's http.Header
// does not keep: after Host come User-Agent and Accept, in the order ab and
// curl send them (so an ab request logs the bytes the class's app logs),
// then any other header by name.
func Event(eventType string, r *http.Request) []byte {
	// BEGIN SOLUTION: build the JSON event game_api.py logs (event_type, then every request header, Host included)
	keys := make([]string, 0, len(r.Header))
	for k := range r.Header {
		if k != "Host" {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, abOrder)

	b := make([]byte, 0, 160)
	b = append(b, `{"event_type": `...)
	b = appendPyString(b, eventType)
	b = append(b, `, "Host": `...)
	b = appendPyString(b, r.Host)
	for _, k := range keys {
		b = append(b, ", "...)
		b = appendPyString(b, k)
		b = append(b, ": "...)
		b = appendPyString(b, strings.Join(r.Header[k], ", "))
	}
	return append(b, '}')
	// END SOLUTION
}

// abOrder sorts header names as ab and curl send them: User-Agent, Accept,
// then the others by name.
func abOrder(a, b string) int {
	rank := func(k string) int {
		switch k {
		case "User-Agent":
			return 0
		case "Accept":
			return 1
		}
		return 2
	}
	if ra, rb := rank(a), rank(b); ra != rb {
		return ra - rb
	}
	return strings.Compare(a, b)
}

const hexDigits = "0123456789abcdef"

// appendPyString appends s as a JSON string the way Python's json.dumps does
// with ensure_ascii=True. Each byte is one character, as WSGI decodes header
// bytes as Latin-1, so any input gives valid JSON.
func appendPyString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			b = append(b, '\\', '"')
		case c == '\\':
			b = append(b, '\\', '\\')
		case c == '\n':
			b = append(b, '\\', 'n')
		case c == '\r':
			b = append(b, '\\', 'r')
		case c == '\t':
			b = append(b, '\\', 't')
		case c == '\b':
			b = append(b, '\\', 'b')
		case c == '\f':
			b = append(b, '\\', 'f')
		case c < 0x20 || c >= 0x80:
			b = appendU(b, rune(c))
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

func appendU(b []byte, r rune) []byte {
	return append(b, '\\', 'u', hexDigits[r>>12&0xf], hexDigits[r>>8&0xf], hexDigits[r>>4&0xf], hexDigits[r&0xf])
}
