package presto

import (
	"database/sql"
	"errors"
	"strings"

	"github.com/duckdb/duckdb-go/v2"
)

// query runs a SELECT (WITH, VALUES, EXPLAIN) with DuckDB over the views of
// the tables it names, and emits its rows page by page.
func (s *Server) query(q *query, toks []token) *queryError {
	if q.session.Catalog != "" && q.session.Catalog != catalogName {
		return newError(errNotFound, "Catalog "+q.session.Catalog+" does not exist", nil)
	}
	names := map[string]bool{}
	for _, t := range toks {
		if n := t.name(); n != "" {
			names[n] = true
		}
	}
	text, edits := duckSQL(q.sql, toks)
	for attempt := 0; ; attempt++ {
		emitted, err := s.queryOnce(q, text, names)
		if err == nil {
			return nil
		}
		var de *duckdb.Error
		// A file replaced between listing and reading (an overwrite): list again, once.
		if attempt == 0 && !emitted && errors.As(err, &de) && de.Type == duckdb.ErrorTypeIO && q.ctx.Err() == nil {
			s.eng.forget()
			continue
		}
		if q.ctx.Err() != nil {
			return q.canceledError()
		}
		if de != nil {
			return s.translateDuckError(de, q, toks, edits)
		}
		return catalogError(err)
	}
}

func (s *Server) queryOnce(q *query, text string, names map[string]bool) (emitted bool, err error) {
	conn, err := s.eng.db.Conn(q.ctx)
	if err != nil {
		return false, err
	}
	defer conn.Close()
	if err := s.eng.sync(q.ctx, conn, names); err != nil {
		return false, err
	}
	use := "USE memory.main"
	if ok, err := s.eng.hasSchema(q.ctx, q.session.Schema); err != nil {
		return false, err
	} else if ok {
		use = "USE hive." + quoteIdent(q.session.Schema)
	}
	if _, err := conn.ExecContext(q.ctx, use); err != nil {
		return false, err
	}
	rows, err := conn.QueryContext(q.ctx, text)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	cols, types, err := resultColumns(rows)
	if err != nil {
		return false, err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	batch := make([][]any, 0, 64)
	first := true
	flush := func() bool {
		p := page{rows: batch}
		if first {
			p.columns, first = cols, false
		} else {
			p.columns = cols // every page with data carries its columns
		}
		emitted = true
		batch = make([][]any, 0, 64)
		return q.emit(p)
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return emitted, err
		}
		row := make([]any, len(vals))
		for i, v := range vals {
			row[i] = encodeValue(v, types[i])
		}
		batch = append(batch, row)
		if len(batch) >= s.cfg.pageRows && !flush() {
			return emitted, q.ctx.Err()
		}
	}
	if err := rows.Err(); err != nil {
		return emitted, err
	}
	if len(batch) > 0 || first {
		if !flush() {
			return emitted, q.ctx.Err()
		}
	}
	return emitted, nil
}

// resultColumns names and types the result's columns as Presto does:
// lower-case names, _colN for an expression without an alias.
func resultColumns(rows *sql.Rows) ([]column, []prestoType, error) {
	cts, err := rows.ColumnTypes()
	if err != nil {
		return nil, nil, err
	}
	cols := make([]column, len(cts))
	types := make([]prestoType, len(cts))
	for i, ct := range cts {
		types[i] = fromDuck(ct.DatabaseTypeName())
		cols[i] = types[i].column(columnName(ct.Name(), i))
	}
	return cols, types, nil
}

// columnName is Presto's name of result column i that DuckDB named duck:
// DuckDB names an expression by its text (count_star(), (a + 1), 42, 'x'),
// Presto calls it _col<i>.
func columnName(duck string, i int) string {
	l := strings.ToLower(duck)
	expr := strings.ContainsAny(duck, "() ") || l == "true" || l == "false" || l == "null" || duck == ""
	if !expr {
		switch c := duck[0]; {
		case c >= '0' && c <= '9', c == '\'', c == '[', c == '{', c == '-', c == '+':
			expr = true
		}
	}
	if expr {
		return "_col" + itoa(i)
	}
	return l
}
