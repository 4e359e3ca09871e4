package presto

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/duckdb/duckdb-go/v2"
)

// translateDuckError turns a DuckDB error met running the generated SQL
// into Presto's: an error('CODE:message') of a macro carries Presto's code
// and message; DuckDB's overflow and cast errors are worded as Presto's.
// Anything else is an internal error: the generator should have refused it.
func (s *Server) translateDuckError(de *duckdb.Error, q *query) *queryError {
	msg, _ := splitDuckMessage(de.Msg)
	if m := reCoded.FindStringSubmatch(msg); m != nil {
		if c, ok := codes[m[1]]; ok {
			return newError(c, m[2], nil)
		}
	}
	if m := reOverflow.FindStringSubmatch(msg); m != nil {
		return newError(errNumericOverflow, fmt.Sprintf("%s %s overflow: %s", duckIntNames[m[2]], m[1], m[3]), nil)
	}
	if strings.Contains(msg, "must appear in the GROUP BY clause") {
		return newError(errNotSupported, "this mix of grouped and ungrouped columns is not supported by the embedded Presto", nil)
	}
	switch de.Type {
	case duckdb.ErrorTypeDivideByZero:
		return newError(errDivisionByZero, "Division by zero", nil)
	case duckdb.ErrorTypeInterrupt:
		return q.canceledError()
	case duckdb.ErrorTypeIO:
		return newError(errCannotOpenSplit, msg, nil)
	case duckdb.ErrorTypePermission:
		return newError(errPermissionDenied, "Access Denied: "+msg, nil)
	}
	return newError(errInternal, msg, nil)
}

var (
	reCoded      = regexp.MustCompile(`^(?:Invalid Input Error: )?([A-Z_]+):(.*)$`)
	reOverflow   = regexp.MustCompile(`^Overflow in (addition|subtraction|multiplication) of (INT8|INT16|INT32|INT64) \((.*)\)$`)
	codes        = map[string]errorCode{}
	duckIntNames = map[string]string{"INT8": "tinyint", "INT16": "smallint", "INT32": "integer", "INT64": "bigint"}
)

func init() {
	for _, c := range []errorCode{errDivisionByZero, errInvalidArgument, errInvalidCast, errNumericOverflow, errNotSupported} {
		codes[c.name] = c
	}
}

var (
	reLine = regexp.MustCompile(`^LINE (\d+): `)
)

// splitDuckMessage takes DuckDB's "Kind Error: message\nhints\n\nLINE n: text\n   ^"
// apart into the message (first line, no kind) and the caret's location.
func splitDuckMessage(full string) (string, *errorLocation) {
	lines := strings.Split(full, "\n")
	msg := lines[0]
	if i := strings.Index(msg, " Error: "); i >= 0 && i < 40 {
		msg = msg[i+len(" Error: "):]
	}
	msg = strings.TrimSuffix(msg, "!")
	var loc *errorLocation
	for i, l := range lines {
		m := reLine.FindStringSubmatch(l)
		if m == nil || i+1 >= len(lines) {
			continue
		}
		caret := strings.IndexByte(lines[i+1], '^')
		text := l[len(m[0]):]
		if caret < len(m[0]) || strings.HasPrefix(text, "...") {
			break
		}
		n, _ := strconv.Atoi(m[1])
		loc = &errorLocation{LineNumber: n, ColumnNumber: caret - len(m[0]) + 1}
		break
	}
	return msg, loc
}
