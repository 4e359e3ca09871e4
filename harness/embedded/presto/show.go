package presto

import (
	"errors"
	"fmt"
	"strings"
)

// SHOW CATALOGS | SCHEMAS | TABLES | COLUMNS | CREATE TABLE, DESCRIBE and USE,
// answered from the metastore in Presto's column names and shapes.

const catalogName = "hive"

// likeClause reads an optional LIKE 'pattern' [ESCAPE 'c'] at toks[i:].
func likeClause(toks []token, i int) (pattern string, escape rune, next int, err *queryError) {
	if i >= len(toks) || !toks[i].word("like") {
		return "", 0, i, nil
	}
	if i+1 >= len(toks) || toks[i+1].kind != tokString {
		return "", 0, i, syntaxAt(toks, i+1, "expected a string after LIKE")
	}
	pattern, i = toks[i+1].text, i+2
	if i < len(toks) && toks[i].word("escape") {
		if i+1 >= len(toks) || toks[i+1].kind != tokString || len([]rune(toks[i+1].text)) != 1 {
			return "", 0, i, syntaxAt(toks, i+1, "Escape string must be a single character")
		}
		escape, i = []rune(toks[i+1].text)[0], i+2
	}
	return pattern, escape, i, nil
}

// syntaxAt is a syntax error at toks[i], after the last token when i is
// len(toks), at 1:1 when i is beyond.
func syntaxAt(toks []token, i int, msg string) *queryError {
	loc := &errorLocation{1, 1}
	if i < len(toks) {
		loc = &errorLocation{toks[i].line, toks[i].col}
	} else if n := len(toks); n > 0 && i == n {
		loc = &errorLocation{toks[n-1].line, toks[n-1].col + len(toks[n-1].text)}
	}
	return newError(errSyntax, msg, loc)
}

func endOf(toks []token, i int) *queryError {
	if i < len(toks) {
		return syntaxAt(toks, i, fmt.Sprintf("mismatched input '%s'. Expecting: <EOF>", toks[i].text))
	}
	return nil
}

func (s *Server) show(q *query, toks []token) *queryError {
	if len(toks) < 2 {
		return syntaxAt(toks, 1, "mismatched input '<EOF>'. Expecting: 'CATALOGS', 'COLUMNS', 'CREATE', 'SCHEMAS', 'TABLES'")
	}
	switch {
	case toks[1].word("catalogs"):
		pattern, esc, i, err := likeClause(toks, 2)
		if err != nil {
			return err
		}
		if err := endOf(toks, i); err != nil {
			return err
		}
		// Presto answers SHOW CATALOGS from a VALUES list: varchar(longest name).
		return s.answerListOf(q, prestoType{raw: "varchar", params: []int{len(systemCatalog)}}, "Catalog", []string{catalogName, systemCatalog}, pattern, esc)
	case toks[1].word("schemas") || toks[1].word("databases"):
		cat, i, at := q.session.Catalog, 2, len(toks)+1
		if i < len(toks) && (toks[i].word("from") || toks[i].word("in")) {
			at = i + 1
			parts, j := qualifiedName(toks, i+1)
			if len(parts) != 1 {
				return syntaxAt(toks, i+1, "expected a catalog name")
			}
			cat, i = parts[0], j
		}
		pattern, esc, i, err := likeClause(toks, i)
		if err != nil {
			return err
		}
		if err := endOf(toks, i); err != nil {
			return err
		}
		if cat == systemCatalog {
			return s.answerList(q, "Schema", systemSchemas, pattern, esc)
		}
		if err := checkCatalog(cat, toks, at); err != nil {
			return err
		}
		dbs, cerr := s.eng.databases(q.ctx)
		if cerr != nil {
			return catalogError(cerr)
		}
		return s.answerList(q, "Schema", append(dbs, "information_schema"), pattern, esc)
	case toks[1].word("tables"):
		cat, schema, i := q.session.Catalog, q.session.Schema, 2
		if i < len(toks) && (toks[i].word("from") || toks[i].word("in")) {
			parts, j := qualifiedName(toks, i+1)
			switch len(parts) {
			case 1:
				schema = parts[0]
			case 2:
				cat, schema = parts[0], parts[1]
			default:
				return syntaxAt(toks, i+1, "expected a schema name")
			}
			i = j
		}
		pattern, esc, i, err := likeClause(toks, i)
		if err != nil {
			return err
		}
		if err := endOf(toks, i); err != nil {
			return err
		}
		if (cat == catalogName || cat == systemCatalog) && isMetaSchema(cat, schema) {
			return s.answerList(q, "Table", systemTableNames(schema), pattern, esc)
		}
		if err := s.checkSchema(q, cat, schema, toks); err != nil {
			return err
		}
		tables, cerr := s.eng.cat.Tables(q.ctx, schema)
		if cerr != nil {
			return catalogError(cerr)
		}
		return s.answerList(q, "Table", tables, pattern, esc)
	case toks[1].word("columns"):
		if len(toks) < 3 || !(toks[2].word("from") || toks[2].word("in")) {
			return syntaxAt(toks, 2, "mismatched input. Expecting: 'FROM', 'IN'")
		}
		return s.describeTable(q, toks, 3)
	case toks[1].word("create") && len(toks) > 2 && toks[2].word("table"):
		return s.showCreate(q, toks, 3)
	}
	return newError(errNotSupported, "SHOW "+strings.ToUpper(toks[1].text)+" is not supported by the embedded Presto", &errorLocation{toks[1].line, toks[1].col})
}

func (s *Server) describe(q *query, toks []token) *queryError {
	if len(toks) > 1 && (toks[1].word("input") || toks[1].word("output")) {
		return newError(errNotSupported, "DESCRIBE "+strings.ToUpper(toks[1].text)+" is not supported by the embedded Presto", nil)
	}
	return s.describeTable(q, toks, 1)
}

func (s *Server) use(q *query, toks []token) *queryError {
	parts, i := qualifiedName(toks, 1)
	if len(parts) == 0 || len(parts) > 2 {
		return syntaxAt(toks, 1, "USE needs a schema: USE schema or USE catalog.schema")
	}
	if err := endOf(toks, i); err != nil {
		return err
	}
	cat, schema := q.session.Catalog, parts[len(parts)-1]
	if len(parts) == 2 {
		cat = parts[0]
	}
	// Real Presto 0.287 does not look the schema up: USE nope succeeds.
	if err := checkCatalog(cat, toks, 1); err != nil {
		return err
	}
	q.mu.Lock()
	q.setCat, q.setSchema = cat, schema
	q.mu.Unlock()
	q.emit(page{columns: []column{prestoType{raw: "boolean"}.column("result")}, rows: [][]any{{true}}})
	return nil
}

func checkCatalog(cat string, toks []token, at int) *queryError {
	if cat == "" {
		return syntaxAt(toks, at, "Catalog must be specified when session catalog is not set")
	}
	if cat != catalogName {
		return syntaxAt(toks, at, fmt.Sprintf("Catalog %s does not exist", cat))
	}
	return nil
}

// specified checks that the statement or the session names a catalog and a
// schema; real Presto reports it at the statement (line 1:1).
func specified(cat, schema string, toks []token) *queryError {
	if cat == "" {
		return syntaxAt(toks, 0, "Catalog must be specified when session catalog is not set")
	}
	if schema == "" {
		return syntaxAt(toks, 0, "Schema must be specified when session schema is not set")
	}
	return nil
}

// checkSchema is SHOW TABLES' check of its schema; real Presto locates its
// errors at the statement (line 1:1), and quotes the name.
func (s *Server) checkSchema(q *query, cat, schema string, toks []token) *queryError {
	if err := specified(cat, schema, toks); err != nil {
		return err
	}
	ok, err := s.eng.hasSchema(q.ctx, schema)
	if err != nil {
		return catalogError(err)
	}
	if !ok || cat != catalogName {
		return syntaxAt(toks, 0, fmt.Sprintf("Schema '%s' does not exist", schema))
	}
	return nil
}

// resolveTable reads [catalog.][schema.]table at toks[i:] and gets it from the
// catalog. Real Presto (DESCRIBE, SHOW COLUMNS, SHOW CREATE TABLE) says
// "Table 'c.s.t' does not exist" at the statement, whether the schema exists or not.
func (s *Server) resolveTable(q *query, toks []token, i int) (Table, int, *queryError) {
	parts, next := qualifiedName(toks, i)
	cat, schema := q.session.Catalog, q.session.Schema
	switch len(parts) {
	case 1:
	case 2:
		schema = parts[0]
	case 3:
		cat, schema = parts[0], parts[1]
	default:
		return Table{}, next, syntaxAt(toks, i, "expected a table name")
	}
	if err := specified(cat, schema, toks); err != nil {
		return Table{}, next, err
	}
	name := parts[len(parts)-1]
	missing := syntaxAt(toks, 0, fmt.Sprintf("Table '%s.%s.%s' does not exist", cat, schema, name))
	if cat != catalogName {
		return Table{}, next, missing
	}
	t, err := s.eng.cat.Table(q.ctx, schema, name)
	if errors.Is(err, ErrNoSuchTable) || errors.Is(err, ErrNoSuchSchema) {
		return Table{}, next, missing
	}
	if err != nil {
		return Table{}, next, catalogError(err)
	}
	return t, next, nil
}

// describeTable answers DESCRIBE t and SHOW COLUMNS FROM t: Column, Type, Extra, Comment.
func (s *Server) describeTable(q *query, toks []token, i int) *queryError {
	t, next, qerr := s.resolveTable(q, toks, i)
	if qerr != nil {
		return qerr
	}
	if err := endOf(toks, next); err != nil {
		return err
	}
	var rows [][]any
	add := func(c Column, extra string) *queryError {
		ht, err := fromHive(c.Type)
		if err != nil {
			return catalogError(fmt.Errorf("column %s of %s.%s: %w", c.Name, t.DB, t.Name, err))
		}
		rows = append(rows, []any{strings.ToLower(c.Name), ht.presto.String(), extra, c.Comment})
		return nil
	}
	for _, c := range t.Columns {
		if err := add(c, ""); err != nil {
			return err
		}
	}
	for _, c := range t.PartitionKeys {
		if err := add(c, "partition key"); err != nil {
			return err
		}
	}
	cols := []column{varchar.column("Column"), varchar.column("Type"), varchar.column("Extra"), varchar.column("Comment")}
	q.emit(page{columns: cols, rows: rows})
	return nil
}

// showCreate answers SHOW CREATE TABLE t as Presto's Hive connector prints it.
func (s *Server) showCreate(q *query, toks []token, i int) *queryError {
	t, next, qerr := s.resolveTable(q, toks, i)
	if qerr != nil {
		return qerr
	}
	if err := endOf(toks, next); err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "CREATE TABLE %s.%s.%s (\n", catalogName, t.DB, t.Name)
	for k, c := range append(append([]Column{}, t.Columns...), t.PartitionKeys...) {
		ht, err := fromHive(c.Type)
		if err != nil {
			return catalogError(err)
		}
		sep := ","
		if k == len(t.Columns)+len(t.PartitionKeys)-1 {
			sep = ""
		}
		fmt.Fprintf(&b, "   %s %s%s\n", quoteIdent(strings.ToLower(c.Name)), ht.presto, sep)
	}
	fmt.Fprintf(&b, ")\nWITH (\n   external_location = '%s',\n   format = 'PARQUET'\n)", t.Location)
	q.emit(page{columns: []column{varchar.column("Create Table")}, rows: [][]any{{b.String()}}})
	return nil
}

// answerList emits a one-column varchar result, filtered by a LIKE pattern.
func (s *Server) answerList(q *query, name string, values []string, pattern string, esc rune) *queryError {
	return s.answerListOf(q, varchar, name, values, pattern, esc)
}

func (s *Server) answerListOf(q *query, typ prestoType, name string, values []string, pattern string, esc rune) *queryError {
	rows := [][]any{}
	for _, v := range values {
		if pattern == "" || likeMatch(v, pattern, esc) {
			rows = append(rows, []any{v})
		}
	}
	q.emit(page{columns: []column{typ.column(name)}, rows: rows})
	return nil
}
