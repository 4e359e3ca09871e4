package presto

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/duckdb/duckdb-go/v2"
)

// translateDuckError turns a DuckDB error into the Presto error a user of
// the class's Presto would see: same error names, "line L:C: " locations,
// Presto's wording for the common mistakes.
func (s *Server) translateDuckError(de *duckdb.Error, q *query, toks []token, edits []edit) *queryError {
	msg, loc := splitDuckMessage(de.Msg)
	if loc != nil {
		loc.ColumnNumber = originalColumn(q.sql, edits, loc.LineNumber, loc.ColumnNumber)
	}
	switch de.Type {
	case duckdb.ErrorTypeParser, duckdb.ErrorTypeSyntax:
		if m := reNear.FindStringSubmatch(msg); m != nil {
			if before, ok := tokensBefore(toks, loc); ok {
				return mismatched(before, m[1], loc)
			}
			return newError(errSyntax, "mismatched input '"+m[1]+"'", loc)
		}
		if strings.Contains(msg, "at end of input") {
			return mismatched(trimStatement(toks), "<EOF>", loc)
		}
		return newError(errSyntax, msg, loc)
	case duckdb.ErrorTypeCatalog:
		if m := reTable.FindStringSubmatch(msg); m != nil {
			return s.missingTable(q, tableNameAt(toks, loc, m[1]))
		}
		// Presto's analyzer reports an unknown function as a SYNTAX_ERROR.
		if m := reFunction.FindStringSubmatch(msg); m != nil {
			return newError(errSyntax, "Function "+strings.ToLower(m[1])+" not registered", loc)
		}
		if m := reSchema.FindStringSubmatch(msg); m != nil {
			return newError(errSyntax, "Schema "+strings.ToLower(m[1])+" does not exist", nil)
		}
		return newError(errSyntax, msg, loc)
	case duckdb.ErrorTypeBinder:
		if m := reColumn.FindStringSubmatch(msg); m != nil {
			return newError(errSyntax, "Column '"+strings.ToLower(m[1])+"' cannot be resolved", loc)
		}
		if strings.Contains(msg, "No function matches") {
			return newError(errSyntax, msg, loc)
		}
		return newError(errSyntax, msg, loc)
	case duckdb.ErrorTypeConversion:
		return newError(errInvalidCast, msg, loc)
	case duckdb.ErrorTypeDivideByZero:
		return newError(errDivisionByZero, "Division by zero", loc)
	case duckdb.ErrorTypeInvalidInput, duckdb.ErrorTypeOutOfRange:
		return newError(errInvalidArgument, msg, loc)
	case duckdb.ErrorTypeNotImplemented:
		return newError(errNotSupported, msg, loc)
	case duckdb.ErrorTypeInterrupt:
		return q.canceledError()
	case duckdb.ErrorTypeIO:
		return newError(errCannotOpenSplit, msg, nil)
	}
	return newError(errInternal, msg, nil)
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
