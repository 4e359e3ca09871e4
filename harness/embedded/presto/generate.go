package presto

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// The generator turns a parsed query into DuckDB's SQL, resolving names and
// types with Presto's rules as it goes: what it cannot answer as Presto
// would is refused in Presto's error form, never handed to DuckDB as is.

// scopeCol is a column a relation makes visible.
type scopeCol struct {
	qual string // the relation's name or alias ("" for none)
	name string
	typ  prestoType
	ref  string // the DuckDB SQL that reads it
}

type scope struct {
	cols   []scopeCol
	parent *scope
	// lambda parameters
	lambda map[string]prestoType
}

// generator holds what one query's generation needs.
type generator struct {
	ctx     context.Context
	s       *Server
	sess    session
	tables  map[string]bool // table names read, for the views' sync
	ctes    []map[string]*cteInfo
	aliases int
}

type cteInfo struct {
	cols []scopeCol
}

// output is a generated query: its SQL and the Presto names and types of its columns.
type output struct {
	sql   string
	names []string
	types []prestoType
}

var unknownType = prestoType{raw: ""}

func fail(at pos, format string, args ...any) *queryError {
	return newError(errSyntax, fmt.Sprintf(format, args...), at.loc())
}

// gen is generate with panics for errors, as the parser does.
func (g *generator) query(q *queryNode, outer *scope, top bool) output {
	g.ctes = append(g.ctes, map[string]*cteInfo{})
	defer func() { g.ctes = g.ctes[:len(g.ctes)-1] }()
	var b strings.Builder
	if len(q.with) > 0 {
		b.WriteString("WITH ")
		for i, c := range q.with {
			o := g.query(c.q, outer, false)
			cols := o.names
			if c.cols != nil {
				if len(c.cols) != len(o.names) {
					panic(fail(q.p, "WITH column alias list has %d entries but WITH query(%s) has %d columns", len(c.cols), c.name, len(o.names)))
				}
				cols = c.cols
			}
			info := &cteInfo{}
			for k, n := range cols {
				info.cols = append(info.cols, scopeCol{name: n, typ: o.types[k]})
			}
			g.ctes[len(g.ctes)-1][c.name] = info
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(quoteIdent(c.name) + "(" + joinQuoted(cols) + ") AS (" + o.sql + ")")
		}
		b.WriteString(" ")
	}
	o, sel := g.body(q.body, outer)
	b.WriteString(o.sql)
	if len(q.orderBy) > 0 {
		b.WriteString(" ORDER BY ")
		for i, it := range q.orderBy {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(g.orderTerm(it, o, sel))
		}
	}
	if q.offset != "" {
		panic(newError(errNotSupported, "Offset support is not enabled", nil))
	}
	if q.limit != "" && q.limit != "ALL" {
		b.WriteString(" LIMIT " + q.limit)
	}
	o.sql = b.String()
	return o
}

// orderTerm is an ORDER BY item: an output column's ordinal, an output
// alias, or an expression over the select's input.
func (g *generator) orderTerm(it orderItem, o output, sel *selectCtx) string {
	var term string
	if lit, ok := it.e.(*litExpr); ok && lit.kind == "int" {
		n := atoiSafe(lit.text)
		if n < 1 || n > len(o.names) {
			panic(fail(lit.p, "ORDER BY position %s is not in select list", lit.text))
		}
		term = lit.text
	} else if id, ok := it.e.(*identExpr); ok && len(id.parts) == 1 && indexOf(o.names, id.parts[0]) >= 0 && (sel == nil || sel.aliased[id.parts[0]]) {
		term = itoa(indexOf(o.names, id.parts[0]) + 1)
	} else {
		if sel == nil {
			panic(notSupported(it.e.at(), "ORDER BY an expression of a set operation"))
		}
		sql, _ := g.expr(it.e, sel.sc, sel)
		term = sql
	}
	if it.desc {
		term += " DESC"
	} else {
		term += " ASC"
	}
	// Presto puts NULLs last whatever the direction.
	switch it.nulls {
	case "first":
		term += " NULLS FIRST"
	default:
		term += " NULLS LAST"
	}
	return term
}

func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}

func joinQuoted(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = quoteIdent(n)
	}
	return strings.Join(q, ", ")
}

// selectCtx is what ORDER BY of a SELECT needs: its input scope and aliases.
type selectCtx struct {
	sc        *scope
	aliased   map[string]bool
	aggregate bool
}

func (g *generator) body(b queryBody, outer *scope) (output, *selectCtx) {
	switch x := b.(type) {
	case *selectBody:
		return g.selectBody(x, outer)
	case *nestedBody:
		return g.query(x.q, outer, false), nil
	case *valuesBody:
		return g.values(x, outer), nil
	case *tableBody:
		sb := &selectBody{p: x.p, items: []selectItem{{p: x.p, star: true}}, from: []relation{&tableRel{p: x.p, name: x.name}}}
		return g.selectBody(sb, outer)
	case *setOpBody:
		l, _ := g.body(x.l, outer)
		r, _ := g.body(x.r, outer)
		if len(l.names) != len(r.names) {
			panic(fail(x.p, "%s query has different number of fields: %d, %d", strings.ToUpper(x.op), len(l.names), len(r.names)))
		}
		types := make([]prestoType, len(l.types))
		for i := range l.types {
			t, ok := commonType(l.types[i], r.types[i])
			if !ok {
				panic(fail(x.p, "column %d in %s query has incompatible types: %s, %s", i+1, strings.ToUpper(x.op), l.types[i], r.types[i]))
			}
			types[i] = t
		}
		op := strings.ToUpper(x.op)
		if x.all {
			op += " ALL"
		}
		sql := "(" + castAll(l, types) + ") " + op + " (" + castAll(r, types) + ")"
		return output{sql: sql, names: l.names, types: types}, nil
	}
	panic(notSupported(b.bodyAt(), "this query"))
}

// castAll selects o's columns cast to types.
func castAll(o output, types []prestoType) string {
	same := true
	for i := range types {
		if !types[i].equal(o.types[i]) {
			same = false
		}
	}
	if same {
		return o.sql
	}
	cols := make([]string, len(types))
	for i, t := range types {
		cols[i] = "CAST(" + quoteIdent(fmt.Sprintf("_c%d", i)) + " AS " + duckType(t) + ")"
	}
	names := make([]string, len(types))
	for i := range names {
		names[i] = quoteIdent(fmt.Sprintf("_c%d", i))
	}
	return "SELECT " + strings.Join(cols, ", ") + " FROM (" + o.sql + ") AS _u(" + strings.Join(names, ", ") + ")"
}

func (g *generator) values(v *valuesBody, outer *scope) output {
	var rows []string
	var types []prestoType
	var rowTypes [][]prestoType
	var rowSQL [][]string
	for _, r := range v.rows {
		elems := []expr{r}
		if re, ok := r.(*rowExpr); ok {
			elems = re.elems
		}
		if types != nil && len(elems) != len(types) {
			panic(fail(v.p, "Values rows have mismatched types: %s vs %s", rowString(types), "row"))
		}
		var sqls []string
		var ts []prestoType
		for _, e := range elems {
			s, t := g.expr(e, outer, nil)
			sqls = append(sqls, s)
			ts = append(ts, t)
		}
		if types == nil {
			types = append([]prestoType{}, ts...)
		} else {
			for i := range ts {
				c, ok := commonType(types[i], ts[i])
				if !ok {
					panic(fail(v.p, "Values rows have mismatched types: %s vs %s", rowString(types), rowString(ts)))
				}
				types[i] = c
			}
		}
		rowTypes = append(rowTypes, ts)
		rowSQL = append(rowSQL, sqls)
	}
	for k, sqls := range rowSQL {
		cast := make([]string, len(sqls))
		for i, s := range sqls {
			cast[i] = s
			if !rowTypes[k][i].equal(types[i]) {
				cast[i] = "CAST(" + s + " AS " + duckType(types[i]) + ")"
			}
		}
		rows = append(rows, "("+strings.Join(cast, ", ")+")")
	}
	names := make([]string, len(types))
	for i := range names {
		names[i] = fmt.Sprintf("_col%d", i)
	}
	return output{sql: "SELECT * FROM (VALUES " + strings.Join(rows, ", ") + ")", names: names, types: types}
}

func rowString(ts []prestoType) string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = t.String()
	}
	return "row(" + strings.Join(s, ", ") + ")"
}

func (g *generator) selectBody(s *selectBody, outer *scope) (output, *selectCtx) {
	sc := &scope{parent: outer}
	var from []string
	for _, r := range s.from {
		sql, cols := g.relation(r, outer)
		from = append(from, sql)
		sc.cols = append(sc.cols, cols...)
	}
	sel := &selectCtx{sc: sc, aliased: map[string]bool{}}
	sel.aggregate = len(s.groupBy) > 0 || s.having != nil
	for _, it := range s.items {
		if it.e != nil && hasAggregate(it.e) {
			sel.aggregate = true
		}
	}
	if sel.aggregate && len(s.groupBy) == 0 {
		for _, it := range s.items {
			if id, ok := it.e.(*identExpr); ok {
				panic(fail(id.p, "'%s' must be an aggregate expression or appear in GROUP BY clause", strings.Join(id.parts, ".")))
			}
		}
	}
	var items []string
	var names []string
	var types []prestoType
	for _, it := range s.items {
		if it.star {
			n := 0
			for _, c := range sc.cols {
				if it.qual != nil && c.qual != it.qual[len(it.qual)-1] {
					continue
				}
				n++
				items = append(items, c.ref)
				names = append(names, c.name)
				types = append(types, c.typ)
			}
			if n == 0 {
				if it.qual != nil {
					panic(fail(it.p, "Table '%s' not found", strings.Join(it.qual, ".")))
				}
				panic(fail(it.p, "SELECT * not allowed in queries without FROM clause"))
			}
			continue
		}
		sql, t := g.expr(it.e, sc, sel)
		name := it.alias
		if name == "" {
			if id, ok := it.e.(*identExpr); ok {
				name = id.parts[len(id.parts)-1]
			} else {
				name = fmt.Sprintf("_col%d", len(names))
			}
		} else {
			sel.aliased[name] = true
		}
		items = append(items, sql)
		names = append(names, name)
		types = append(types, t)
	}
	var b strings.Builder
	b.WriteString("SELECT ")
	if s.distinct {
		b.WriteString("DISTINCT ")
	}
	for i, it := range items {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(it + " AS " + quoteIdent(fmt.Sprintf("_c%d", i)))
	}
	if len(from) > 0 {
		b.WriteString(" FROM " + strings.Join(from, ", "))
	}
	if s.where != nil {
		if hasAggregate(s.where) {
			panic(fail(s.where.at(), "WHERE clause cannot contain aggregations or window functions"))
		}
		w, t := g.expr(s.where, sc, nil)
		if t.raw != "boolean" && t.raw != "unknown" {
			panic(fail(s.where.at(), "WHERE clause must evaluate to a boolean: actual type %s", t))
		}
		b.WriteString(" WHERE " + w)
	}
	if len(s.groupBy) > 0 {
		b.WriteString(" GROUP BY ")
		for i, e := range s.groupBy {
			if i > 0 {
				b.WriteString(", ")
			}
			if lit, ok := e.(*litExpr); ok && lit.kind == "int" {
				n := atoiSafe(lit.text)
				if n < 1 || n > len(items) {
					panic(fail(lit.p, "GROUP BY position %s is not in select list", lit.text))
				}
				b.WriteString(lit.text)
				continue
			}
			sql, _ := g.expr(e, sc, nil)
			b.WriteString(sql)
		}
	}
	if s.having != nil {
		h, _ := g.expr(s.having, sc, sel)
		b.WriteString(" HAVING " + h)
	}
	// DuckDB names the columns _c0 ...: rename them back in a wrapper only when needed.
	return output{sql: b.String(), names: names, types: types}, sel
}

// relation generates a FROM item and the columns it makes visible.
func (g *generator) relation(r relation, outer *scope) (string, []scopeCol) {
	switch x := r.(type) {
	case *tableRel:
		return g.table(x)
	case *subqueryRel:
		o := g.query(x.q, outer, false)
		alias := x.alias
		if alias == "" {
			g.aliases++
			alias = fmt.Sprintf("_sq%d", g.aliases)
		}
		names := o.names
		if x.cols != nil {
			if len(x.cols) != len(names) {
				panic(fail(x.p, "Column alias list has %d entries but '%s' has %d columns available", len(x.cols), alias, len(names)))
			}
			names = x.cols
		}
		var cols []scopeCol
		var inner []string
		for i, n := range names {
			internal := fmt.Sprintf("_c%d", i)
			inner = append(inner, quoteIdent(internal))
			qual := x.alias
			cols = append(cols, scopeCol{qual: qual, name: n, typ: o.types[i], ref: quoteIdent(alias) + "." + quoteIdent(internal)})
		}
		sql := o.sql
		if _, isValues := x.q.body.(*valuesBody); isValues {
			sql = "SELECT * FROM (" + sql + ")"
		}
		return "(" + sql + ") AS " + quoteIdent(alias) + "(" + strings.Join(inner, ", ") + ")", cols
	case *unnestRel:
		return g.unnest(x, outer)
	case *joinRel:
		lsql, lcols := g.relation(x.l, outer)
		rsql, rcols := g.relation(x.r, outer)
		cols := append(append([]scopeCol{}, lcols...), rcols...)
		switch x.kind {
		case "cross":
			return lsql + " CROSS JOIN " + rsql, cols
		}
		kind := map[string]string{"inner": "JOIN", "left": "LEFT JOIN", "right": "RIGHT JOIN", "full": "FULL JOIN"}[x.kind]
		if x.using != nil {
			panic(notSupported(x.p, "JOIN USING"))
		}
		on, t := g.expr(x.on, &scope{cols: cols, parent: outer}, nil)
		if t.raw != "boolean" && t.raw != "unknown" {
			panic(fail(x.on.at(), "JOIN ON clause must evaluate to a boolean: actual type %s", t))
		}
		return lsql + " " + kind + " " + rsql + " ON " + on, cols
	}
	panic(notSupported(r.relAt(), "this relation"))
}

func (g *generator) unnest(u *unnestRel, outer *scope) (string, []scopeCol) {
	if len(u.args) != 1 {
		panic(notSupported(u.p, "UNNEST of several arrays"))
	}
	sql, t := g.expr(u.args[0], outer, nil)
	if t.raw != "array" {
		panic(notSupported(u.p, "UNNEST of a "+t.String()))
	}
	g.aliases++
	alias := u.alias
	if alias == "" {
		alias = fmt.Sprintf("_un%d", g.aliases)
	}
	names := []string{"_c0"}
	cols := []scopeCol{{qual: u.alias, name: "", typ: t.elems[0], ref: quoteIdent(alias) + ".\"_c0\""}}
	body := "SELECT UNNEST(" + sql + ") AS \"_c0\""
	if u.ordinality {
		names = append(names, "_c1")
		body = "SELECT UNNEST(" + sql + ") AS \"_c0\", UNNEST(generate_series(1, len(" + sql + "))) AS \"_c1\""
		cols = append(cols, scopeCol{qual: u.alias, typ: prestoType{raw: "bigint"}, ref: quoteIdent(alias) + ".\"_c1\""})
	}
	if u.cols != nil {
		if len(u.cols) != len(cols) {
			panic(fail(u.p, "Column alias list has %d entries but '%s' has %d columns available", len(u.cols), alias, len(cols)))
		}
		for i := range cols {
			cols[i].name = u.cols[i]
		}
	}
	return "(" + body + ") AS " + quoteIdent(alias) + "(" + joinQuoted(names) + ")", cols
}

// table resolves a table name: a WITH query, else a Hive table of the catalog.
func (g *generator) table(t *tableRel) (string, []scopeCol) {
	name := t.name[len(t.name)-1]
	qual := name
	if t.alias != "" {
		qual = t.alias
	}
	if len(t.name) == 1 {
		for i := len(g.ctes) - 1; i >= 0; i-- {
			if c, ok := g.ctes[i][name]; ok {
				var cols []scopeCol
				for k, sc := range c.cols {
					cols = append(cols, scopeCol{qual: qual, name: sc.name, typ: sc.typ, ref: quoteIdent(qual) + "." + quoteIdent(sc.name)})
					if t.cols != nil {
						cols[k].name = t.cols[k]
					}
				}
				sql := quoteIdent(name)
				if t.alias != "" {
					sql += " AS " + quoteIdent(t.alias)
				}
				return sql, cols
			}
		}
	}
	cat, schema := g.sess.Catalog, g.sess.Schema
	switch len(t.name) {
	case 2:
		schema = t.name[0]
	case 3:
		cat, schema = t.name[0], t.name[1]
	case 1:
	default:
		panic(fail(t.p, "Too many dots in table name: %s", strings.Join(t.name, ".")))
	}
	if cat == "" {
		panic(fail(t.p, "Catalog must be specified when session catalog is not set"))
	}
	if schema == "" {
		panic(fail(t.p, "Schema must be specified when session schema is not set"))
	}
	if (cat == catalogName || cat == systemCatalog) && isMetaSchema(cat, schema) {
		return g.metaTable(t, cat, schema, name, qual)
	}
	if cat == systemCatalog {
		if !slices.Contains(systemSchemas, schema) {
			panic(newError(errSyntax, "Schema "+schema+" does not exist", nil))
		}
		panic(notSupported(t.p, "table "+cat+"."+schema+"."+name))
	}
	if cat != catalogName {
		panic(newError(errSyntax, "Catalog "+cat+" does not exist", nil))
	}
	tab, err := g.s.eng.cat.Table(g.ctx, schema, name)
	if errors.Is(err, ErrNoSuchTable) || errors.Is(err, ErrNoSuchSchema) {
		ok, herr := g.s.eng.hasSchema(g.ctx, schema)
		if herr != nil {
			panic(catalogError(herr))
		}
		if !ok {
			panic(newError(errSyntax, "Schema "+schema+" does not exist", nil))
		}
		panic(newError(errSyntax, "Table "+cat+"."+schema+"."+name+" does not exist", nil))
	}
	if err != nil {
		panic(catalogError(err))
	}
	g.tables[name] = true
	var cols []scopeCol
	all := append(append([]Column{}, tab.Columns...), tab.PartitionKeys...)
	for k, c := range all {
		ht, err := fromHive(c.Type)
		if err != nil {
			panic(catalogError(err))
		}
		cn := strings.ToLower(c.Name)
		sc := scopeCol{qual: qual, name: cn, typ: ht.presto, ref: quoteIdent(qual) + "." + quoteIdent(cn)}
		if t.cols != nil {
			if len(t.cols) != len(all) {
				panic(fail(t.p, "Column alias list has %d entries but '%s' has %d columns available", len(t.cols), qual, len(all)))
			}
			sc.name = t.cols[k]
		}
		cols = append(cols, sc)
	}
	sql := viewName(schema, name) + " AS " + quoteIdent(qual)
	if t.cols != nil {
		sql += "(" + joinQuoted(colNames(all)) + ")"
	}
	return sql, cols
}

// metaTable is a metadata table (metadata.go) as a relation.
func (g *generator) metaTable(t *tableRel, cat, schema, name, qual string) (string, []scopeCol) {
	mt, ok, err := g.s.eng.metadata(g.ctx, cat, schema, name)
	if err != nil {
		panic(catalogError(err))
	}
	if !ok {
		panic(newError(errSyntax, "Table "+cat+"."+schema+"."+name+" does not exist", nil))
	}
	var cols []scopeCol
	for k, c := range mt.cols {
		sc := scopeCol{qual: qual, name: c.name, typ: c.typ, ref: quoteIdent(qual) + "." + quoteIdent(c.name)}
		if t.cols != nil {
			if len(t.cols) != len(mt.cols) {
				panic(fail(t.p, "Column alias list has %d entries but '%s' has %d columns available", len(t.cols), qual, len(mt.cols)))
			}
			sc.name = t.cols[k]
		}
		cols = append(cols, sc)
	}
	sql := mt.sql() + " AS " + quoteIdent(qual)
	if t.cols != nil {
		names := make([]string, len(mt.cols))
		for i, c := range mt.cols {
			names[i] = c.name
		}
		sql += "(" + joinQuoted(names) + ")"
	}
	return sql, cols
}

func colNames(cs []Column) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = strings.ToLower(c.Name)
	}
	return out
}

// hasAggregate reports whether e calls an aggregate function (outside a subquery).
func hasAggregate(e expr) bool {
	found := false
	walk(e, func(x expr) {
		if f, ok := x.(*funcExpr); ok && f.over == nil && aggregates[f.name] != nil {
			found = true
		}
	})
	return found
}

// walk visits e and its sub-expressions (not subqueries).
func walk(e expr, f func(expr)) {
	if e == nil {
		return
	}
	f(e)
	switch x := e.(type) {
	case *funcExpr:
		for _, a := range x.args {
			walk(a, f)
		}
		walk(x.filter, f)
	case *binaryExpr:
		walk(x.l, f)
		walk(x.r, f)
	case *unaryExpr:
		walk(x.e, f)
	case *isNullExpr:
		walk(x.e, f)
	case *distinctFromExpr:
		walk(x.l, f)
		walk(x.r, f)
	case *betweenExpr:
		walk(x.e, f)
		walk(x.lo, f)
		walk(x.hi, f)
	case *inExpr:
		walk(x.e, f)
		for _, a := range x.list {
			walk(a, f)
		}
	case *likeExpr:
		walk(x.e, f)
		walk(x.pat, f)
		walk(x.esc, f)
	case *caseExpr:
		walk(x.operand, f)
		for _, w := range x.whens {
			walk(w.cond, f)
			walk(w.then, f)
		}
		walk(x.els, f)
	case *castExpr:
		walk(x.e, f)
	case *arrayExpr:
		for _, a := range x.elems {
			walk(a, f)
		}
	case *rowExpr:
		for _, a := range x.elems {
			walk(a, f)
		}
	case *subscriptExpr:
		walk(x.e, f)
		walk(x.idx, f)
	case *extractExpr:
		walk(x.e, f)
	case *atTimeZoneExpr:
		walk(x.e, f)
	}
}

// generate turns a parsed query into DuckDB's SQL; a refusal or a Presto
// error comes back as the queryError.
func (g *generator) generate(q *queryNode) (o output, err *queryError) {
	defer func() {
		if r := recover(); r != nil {
			qe, ok := r.(*queryError)
			if !ok {
				panic(r)
			}
			err = qe
		}
	}()
	return g.query(q, nil, true), nil
}
