package presto

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// run produces q's pages: it classifies the statement and answers it from
// the catalog (SHOW, DESCRIBE, USE) or with DuckDB (queries).
func (s *Server) run(q *query) {
	defer func() {
		q.mu.Lock()
		q.ended = time.Now()
		q.mu.Unlock()
	}()
	err := s.execute(q)
	if q.ctx.Err() != nil {
		err = q.canceledError()
	}
	if err != nil {
		q.mu.Lock()
		q.state, q.err = stateFailed, err
		q.mu.Unlock()
		q.emit(page{final: true, err: err})
		return
	}
	q.emit(page{final: true})
	q.setState(stateFinished)
}

func (s *Server) execute(q *query) *queryError {
	toks, qerr := tokenize(q.sql)
	if qerr != nil {
		return qerr
	}
	// One statement, without a terminator: Presto's CLI cuts a script at
	// its ';' and sends each statement without it; the server refuses one.
	stmt := toks
	if len(stmt) == 0 {
		return mismatched(nil, "<EOF>", &errorLocation{1, 1})
	}
	for i, t := range stmt {
		if t.kind == tokSymbol && t.text == ";" {
			return mismatched(stmt[:i], ";", &errorLocation{t.line, t.col})
		}
	}
	q.setState(stateRunning)
	first := stmt[0]
	switch {
	case first.word("show"):
		return s.show(q, stmt)
	case first.word("describe") || first.word("desc"):
		return s.describe(q, stmt)
	case first.word("use"):
		return s.use(q, stmt)
	case first.word("explain"):
		return s.explain(stmt)
	case first.word("analyze"):
		return s.analyze(stmt, 0)
	case first.word("select") || first.word("with") || first.word("values") ||
		first.word("table") || first.kind == tokSymbol && first.text == "(":
		return s.query(q, stmt)
	}
	if !knownStatements[strings.ToLower(first.text)] {
		return mismatched(nil, first.text, &errorLocation{first.line, first.col})
	}
	return newError(errNotSupported, fmt.Sprintf("%s is not supported: the embedded Presto answers SELECT, SHOW, DESCRIBE and USE; tables are created in the Hive Metastore (lab hive)", first.text), &errorLocation{first.line, first.col})
}

// knownStatements are Presto statements the embedded server does not run.
// Presto 0.287 has no MERGE: it is a syntax error there.
var knownStatements = map[string]bool{
	"create": true, "drop": true, "insert": true, "delete": true, "update": true, "alter": true,
	"call": true, "grant": true, "revoke": true, "set": true, "reset": true, "start": true,
	"commit": true, "rollback": true, "prepare": true, "execute": true, "deallocate": true,
	"analyze": true, "truncate": true, "refresh": true,
}

// mismatched is Presto's syntax error for input it cannot parse after the
// tokens before: "mismatched input 'x'. Expecting: ..." where the list is known.
func mismatched(before []token, input string, loc *errorLocation) *queryError {
	msg := "mismatched input '" + input + "'"
	if e := expecting(before); e != "" {
		msg += ". Expecting: " + e
	}
	return newError(errSyntax, msg, loc)
}

// expecting is the list real Presto 0.287 gives after the tokens before, for
// the places it was measured; "" elsewhere (the message then stops at the input).
func expecting(before []token) string {
	switch {
	case len(before) == 0:
		return "'ALTER', 'ANALYZE', 'CALL', 'COMMIT', 'CREATE', 'DEALLOCATE', 'DELETE', 'DESC', 'DESCRIBE', " +
			"'DROP', 'EXECUTE', 'EXPLAIN', 'GRANT', 'INSERT', 'PREPARE', 'REFRESH', 'RESET', 'REVOKE', " +
			"'ROLLBACK', 'SET', 'SHOW', 'START', 'TRUNCATE', 'UPDATE', 'USE', <query>"
	case len(before) == 1 && before[0].word("select"):
		return "'*', 'ALL', 'DISTINCT', <expression>, <identifier>"
	case len(before) == 2 && before[0].word("select") && before[1].kind == tokNumber:
		return "'%', '*', '+', '-', '.', '/', 'AT', '[', '||', <expression>"
	}
	return ""
}

// catalogError reports a failure of the metastore or of reading a table.
func catalogError(err error) *queryError {
	switch {
	case errors.Is(err, ErrUnsupportedType):
		return newError(errUnsupportedType, err.Error(), nil)
	case errors.Is(err, ErrUnsupportedLocation):
		return newError(errNotSupported, err.Error(), nil)
	}
	var qe *queryError
	if errors.As(err, &qe) {
		return qe
	}
	return newError(errMetastore, err.Error(), nil)
}
