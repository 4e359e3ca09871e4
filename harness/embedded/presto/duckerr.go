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
	reNear     = regexp.MustCompile(`syntax error at or near "(.*)"`)
	reTable    = regexp.MustCompile(`Table with name (\S+) does not exist`)
	reFunction = regexp.MustCompile(`Function with name (\S+) does not exist`)
	reSchema   = regexp.MustCompile(`Schema with name (\S+) does not exist`)
	reColumn   = regexp.MustCompile(`column "(.*)" not found`)
	reLine     = regexp.MustCompile(`^LINE (\d+): `)
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

// missingTable is real Presto's answer to a query naming a table that is not
// there: SYNTAX_ERROR without a location, "Schema s does not exist" when the
// schema is missing too, else "Table hive.s.t does not exist".
func (s *Server) missingTable(q *query, parts []string) *queryError {
	schema := q.session.Schema
	if len(parts) > 1 {
		schema = parts[len(parts)-2]
	}
	ok, err := s.eng.hasSchema(q.ctx, schema)
	if err != nil {
		return catalogError(err)
	}
	if !ok {
		return newError(errSyntax, "Schema "+schema+" does not exist", nil)
	}
	return newError(errSyntax, "Table "+qualify(parts, q.session)+" does not exist", nil)
}

// tableNameAt is the name of the table DuckDB did not find: as written at
// loc, else DuckDB's name for it.
func tableNameAt(toks []token, loc *errorLocation, duckName string) []string {
	if loc != nil {
		if parts := qualifiedNameAt(toks, loc.LineNumber, loc.ColumnNumber); len(parts) > 0 {
			return parts
		}
	}
	return []string{strings.ToLower(duckName)}
}

// tokensBefore are the tokens before the one at loc; false when no token is there.
func tokensBefore(toks []token, loc *errorLocation) ([]token, bool) {
	for i, t := range toks {
		if loc != nil && t.line == loc.LineNumber && t.col == loc.ColumnNumber {
			return toks[:i], true
		}
	}
	return nil, false
}

// qualify names a table as Presto does: catalog.schema.table.
func qualify(parts []string, s session) string {
	cat, schema := s.Catalog, s.Schema
	if cat == "" {
		cat = catalogName
	}
	switch len(parts) {
	case 1:
		return cat + "." + schema + "." + parts[0]
	case 2:
		return cat + "." + parts[0] + "." + parts[1]
	}
	return strings.Join(parts, ".")
}
