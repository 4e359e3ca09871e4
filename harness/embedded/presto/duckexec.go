package presto

import (
	"errors"

	"github.com/duckdb/duckdb-go/v2"
)

// query runs a query: parsed, generated as DuckDB's SQL over the views of
// the tables it names, its rows emitted page by page.
func (s *Server) query(q *query, stmt []token) *queryError {
	if q.session.Catalog != "" && q.session.Catalog != catalogName && q.session.Catalog != systemCatalog {
		return newError(errNotFound, "Catalog "+q.session.Catalog+" does not exist", nil)
	}
	node, qerr := parseQuery(stmt)
	if qerr != nil {
		return qerr
	}
	g := &generator{ctx: q.ctx, s: s, sess: q.session, tables: map[string]bool{}}
	out, qerr := g.generate(node)
	if qerr != nil {
		return qerr
	}
	for i, t := range out.types {
		if !encodable(t) {
			return notSupported(node.p, "a result column of type "+t.String()+" (column "+itoa(i+1)+")")
		}
	}
	for attempt := 0; ; attempt++ {
		emitted, err := s.queryOnce(q, out, g.tables)
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
			return s.translateDuckError(de, q)
		}
		return catalogError(err)
	}
}

// encodable reports whether the server sends values of t as Presto does.
func encodable(t prestoType) bool {
	switch t.raw {
	case "boolean", "tinyint", "smallint", "integer", "bigint", "real", "double", "decimal", "varchar", "json", "date", "timestamp", "unknown",
		"interval day to second", "interval year to month":
		return true
	case "array":
		return encodable(t.elems[0]) && t.elems[0].raw != "unknown"
	}
	return false
}

func (s *Server) queryOnce(q *query, out output, names map[string]bool) (emitted bool, err error) {
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
	rows, err := conn.QueryContext(q.ctx, out.sql)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	cols := make([]column, len(out.names))
	types := out.types
	for i, n := range out.names {
		cols[i] = types[i].column(n)
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
