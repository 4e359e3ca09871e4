package presto

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Expressions: each generated with its Presto type.

var (
	tBool    = prestoType{raw: "boolean"}
	tInt     = prestoType{raw: "integer"}
	tBigint  = prestoType{raw: "bigint"}
	tDouble  = prestoType{raw: "double"}
	tReal    = prestoType{raw: "real"}
	tVarchar = prestoType{raw: "varchar"}
	tDate    = prestoType{raw: "date"}
	tTS      = prestoType{raw: "timestamp"}
	tUnknown = prestoType{raw: "unknown"}
	tIDS     = prestoType{raw: "interval day to second"}
	tJSON    = prestoType{raw: "json"}
	tIYM     = prestoType{raw: "interval year to month"}
)

func varcharN(n int) prestoType { return prestoType{raw: "varchar", params: []int{n}} }

func (t prestoType) equal(u prestoType) bool { return t.String() == u.String() }

var intRank = map[string]int{"tinyint": 1, "smallint": 2, "integer": 3, "bigint": 4}

func isIntegral(t prestoType) bool { return intRank[t.raw] > 0 }
func isNumeric(t prestoType) bool {
	return isIntegral(t) || t.raw == "decimal" || t.raw == "double" || t.raw == "real"
}
func isString(t prestoType) bool { return t.raw == "varchar" || t.raw == "char" }

// asDecimal is an integral type as Presto's decimal: integer is decimal(10,0).
func asDecimal(t prestoType) prestoType {
	switch t.raw {
	case "tinyint":
		return prestoType{raw: "decimal", params: []int{3, 0}}
	case "smallint":
		return prestoType{raw: "decimal", params: []int{5, 0}}
	case "integer":
		return prestoType{raw: "decimal", params: []int{10, 0}}
	case "bigint":
		return prestoType{raw: "decimal", params: []int{19, 0}}
	}
	return t
}

// commonType is the type both a and b coerce to, as Presto's type coercion.
func commonType(a, b prestoType) (prestoType, bool) {
	switch {
	case a.equal(b):
		return a, true
	case a.raw == "unknown":
		return b, true
	case b.raw == "unknown":
		return a, true
	case isIntegral(a) && isIntegral(b):
		if intRank[a.raw] >= intRank[b.raw] {
			return a, true
		}
		return b, true
	case isNumeric(a) && isNumeric(b):
		if a.raw == "double" || b.raw == "double" {
			return tDouble, true
		}
		if a.raw == "real" || b.raw == "real" {
			return tReal, true
		}
		da, db := asDecimal(a), asDecimal(b)
		s := max(da.params[1], db.params[1])
		p := min(38, max(da.params[0]-da.params[1], db.params[0]-db.params[1])+s)
		return prestoType{raw: "decimal", params: []int{p, s}}, true
	case a.raw == "varchar" && b.raw == "varchar":
		if len(a.params) == 0 || len(b.params) == 0 {
			return tVarchar, true
		}
		return varcharN(max(a.params[0], b.params[0])), true
	case a.raw == "array" && b.raw == "array":
		e, ok := commonType(a.elems[0], b.elems[0])
		return prestoType{raw: "array", elems: []prestoType{e}}, ok
	case a.raw == "date" && b.raw == "timestamp", a.raw == "timestamp" && b.raw == "date":
		return tTS, true
	}
	return unknownType, false
}

// duckType is DuckDB's name of Presto type t.
func duckType(t prestoType) string {
	switch t.raw {
	case "boolean":
		return "BOOLEAN"
	case "tinyint":
		return "TINYINT"
	case "smallint":
		return "SMALLINT"
	case "integer":
		return "INTEGER"
	case "bigint":
		return "BIGINT"
	case "real":
		return "FLOAT"
	case "double":
		return "DOUBLE"
	case "decimal":
		return fmt.Sprintf("DECIMAL(%d,%d)", t.params[0], t.params[1])
	case "varchar", "char", "json":
		return "VARCHAR"
	case "varbinary":
		return "BLOB"
	case "date":
		return "DATE"
	case "timestamp":
		return "TIMESTAMP"
	case "unknown":
		return "INTEGER"
	case "array":
		return duckType(t.elems[0]) + "[]"
	case "map":
		return "MAP(" + duckType(t.elems[0]) + ", " + duckType(t.elems[1]) + ")"
	}
	panic(notSupported(pos{1, 1}, "the type "+t.String()))
}

// expr generates e in scope sc; sel is the SELECT the expression is an item
// of (aggregates allowed), nil elsewhere.
func (g *generator) expr(e expr, sc *scope, sel *selectCtx) (string, prestoType) {
	switch x := e.(type) {
	case *litExpr:
		return literal(x)
	case *typedLit:
		return g.typedLiteral(x)
	case *intervalLit:
		return intervalLiteral(x)
	case *identExpr:
		return g.column(x, sc, sel)
	case *unaryExpr:
		s, t := g.expr(x.e, sc, sel)
		if x.op == "not" {
			if t.raw != "boolean" && t.raw != "unknown" {
				panic(fail(x.e.at(), "Value of logical NOT expression must evaluate to a BOOLEAN (actual: %s)", t))
			}
			return "(NOT " + s + ")", tBool
		}
		if !isNumeric(t) {
			panic(notSupported(x.p, "negation of "+t.String()))
		}
		return "(-" + s + ")", t
	case *binaryExpr:
		return g.binary(x, sc, sel)
	case *isNullExpr:
		s, _ := g.expr(x.e, sc, sel)
		if x.not {
			return "(" + s + " IS NOT NULL)", tBool
		}
		return "(" + s + " IS NULL)", tBool
	case *distinctFromExpr:
		l, lt := g.expr(x.l, sc, sel)
		r, rt := g.expr(x.r, sc, sel)
		if _, ok := commonType(lt, rt); !ok {
			panic(fail(x.p, "'IS DISTINCT FROM' cannot be applied to %s, %s", lt, rt))
		}
		op := " IS DISTINCT FROM "
		if x.not {
			op = " IS NOT DISTINCT FROM "
		}
		return "(" + l + op + r + ")", tBool
	case *betweenExpr:
		s, t := g.expr(x.e, sc, sel)
		lo, lt := g.expr(x.lo, sc, sel)
		hi, ht := g.expr(x.hi, sc, sel)
		if _, ok := commonType(t, lt); !ok {
			panic(fail(x.p, "Cannot check if %s is BETWEEN %s and %s", t, lt, ht))
		}
		if _, ok := commonType(t, ht); !ok {
			panic(fail(x.p, "Cannot check if %s is BETWEEN %s and %s", t, lt, ht))
		}
		not := ""
		if x.not {
			not = "NOT "
		}
		return "(" + s + " " + not + "BETWEEN " + lo + " AND " + hi + ")", tBool
	case *inExpr:
		s, t := g.expr(x.e, sc, sel)
		not := ""
		if x.not {
			not = "NOT "
		}
		if x.sub != nil {
			o := g.query(x.sub, sc, false)
			if len(o.names) != 1 {
				panic(fail(x.p, "Multiple columns returned by subquery are not yet supported. Found %d", len(o.names)))
			}
			return "(" + s + " " + not + "IN (SELECT * FROM (" + o.sql + ")))", tBool
		}
		var items []string
		for _, it := range x.list {
			is, it2 := g.expr(it, sc, sel)
			if _, ok := commonType(t, it2); !ok {
				panic(fail(it.at(), "IN value and list items must be the same type: %s", t))
			}
			items = append(items, is)
		}
		return "(" + s + " " + not + "IN (" + strings.Join(items, ", ") + "))", tBool
	case *likeExpr:
		s, t := g.expr(x.e, sc, sel)
		pat, pt := g.expr(x.pat, sc, sel)
		if !isString(t) && t.raw != "unknown" || !isString(pt) && pt.raw != "unknown" {
			panic(fail(x.p, "Left side of LIKE expression must evaluate to a varchar (actual: %s)", t))
		}
		op := " LIKE "
		if x.not {
			op = " NOT LIKE "
		}
		out := "(" + s + op + pat
		if x.esc != nil {
			es, _ := g.expr(x.esc, sc, sel)
			out += " ESCAPE " + es
		} else {
			// DuckDB's LIKE has no escape character by default either; Presto's neither.
			out += " ESCAPE ''"
		}
		return out + ")", tBool
	case *caseExpr:
		return g.caseExpr(x, sc, sel)
	case *castExpr:
		return g.cast(x, sc, sel)
	case *arrayExpr:
		var items []string
		et := tUnknown
		var types []prestoType
		for _, it := range x.elems {
			s, t := g.expr(it, sc, sel)
			c, ok := commonType(et, t)
			if !ok {
				panic(fail(x.p, "All ARRAY elements must be the same type: %s", et))
			}
			et = c
			items = append(items, s)
			types = append(types, t)
		}
		for i := range items {
			if !types[i].equal(et) && et.raw != "unknown" {
				items[i] = "CAST(" + items[i] + " AS " + duckType(et) + ")"
			}
		}
		return "[" + strings.Join(items, ", ") + "]", prestoType{raw: "array", elems: []prestoType{et}}
	case *subscriptExpr:
		s, t := g.expr(x.e, sc, sel)
		i, it := g.expr(x.idx, sc, sel)
		switch t.raw {
		case "array":
			if !isIntegral(it) {
				panic(notSupported(x.p, "this subscript"))
			}
			return "memory.main.presto_subscript(" + s + ", " + i + ")", t.elems[0]
		}
		panic(notSupported(x.p, "subscript of "+t.String()))
	case *subqueryExpr:
		o := g.query(x.q, sc, false)
		if len(o.names) != 1 {
			panic(fail(x.p, "Multiple columns returned by subquery are not yet supported. Found %d", len(o.names)))
		}
		return "(SELECT * FROM (" + o.sql + "))", o.types[0]
	case *existsExpr:
		o := g.query(x.q, sc, false)
		return "(EXISTS (" + o.sql + "))", tBool
	case *funcExpr:
		return g.call(x, sc, sel)
	case *extractExpr:
		return g.call(&funcExpr{p: x.p, name: x.field, args: []expr{x.e}}, sc, sel)
	case *specialExpr:
		switch x.name {
		case "current_user":
			return quoteString(g.sess.User), tVarchar
		}
		panic(notSupported(x.p, strings.ToUpper(x.name)))
	}
	panic(notSupported(e.at(), "this expression"))
}

func literal(x *litExpr) (string, prestoType) {
	switch x.kind {
	case "null":
		return "NULL", tUnknown
	case "bool":
		return strings.ToUpper(x.text), tBool
	case "string":
		return quoteString(x.text), varcharN(len([]rune(x.text)))
	case "double":
		return "CAST(" + quoteString(x.text) + " AS DOUBLE)", tDouble
	case "int":
		n, err := strconv.ParseInt(x.text, 10, 64)
		if err != nil {
			panic(fail(x.p, "Invalid numeric literal: %s", x.text))
		}
		if n >= -1<<31 && n < 1<<31 {
			return "CAST(" + x.text + " AS INTEGER)", tInt
		}
		return "CAST(" + x.text + " AS BIGINT)", tBigint
	case "decimal":
		t := decimalLiteralType(x.text)
		if t.params[0] > 38 {
			panic(notSupported(x.p, "a decimal literal this long"))
		}
		return "CAST(" + quoteString(x.text) + " AS " + duckType(t) + ")", t
	}
	panic(notSupported(x.p, "this literal"))
}

// decimalLiteralType is Presto's type of a decimal literal: 1.50 is decimal(3,2).
func decimalLiteralType(text string) prestoType {
	t := strings.TrimPrefix(text, "-")
	intPart, frac, _ := strings.Cut(t, ".")
	intPart = strings.TrimLeft(intPart, "0")
	p := max(len(intPart)+len(frac), 1)
	return prestoType{raw: "decimal", params: []int{p, len(frac)}}
}

func (g *generator) typedLiteral(x *typedLit) (string, prestoType) {
	switch x.typ {
	case "date":
		return "memory.main.presto_date(" + quoteString(x.text) + ")", tDate
	case "timestamp":
		if !reTimestampLit.MatchString(x.text) {
			panic(newError(errInvalidCast, "Value cannot be cast to timestamp: "+x.text, nil))
		}
		return "CAST(" + quoteString(x.text) + " AS TIMESTAMP)", tTS
	case "decimal":
		t := decimalLiteralType(strings.TrimSpace(x.text))
		return "CAST(" + quoteString(x.text) + " AS " + duckType(t) + ")", t
	case "double":
		return "CAST(" + quoteString(x.text) + " AS DOUBLE)", tDouble
	}
	panic(notSupported(x.p, strings.ToUpper(x.typ)+" literals"))
}

func intervalLiteral(x *intervalLit) (string, prestoType) {
	n, err := strconv.ParseInt(strings.TrimSpace(x.text), 10, 64)
	if err != nil || x.to != "" {
		panic(notSupported(x.p, "this interval literal"))
	}
	if x.negative {
		n = -n
	}
	t := tIDS
	if x.from == "year" || x.from == "month" {
		t = tIYM
	}
	return fmt.Sprintf("INTERVAL '%d %s'", n, x.from), t
}

func (g *generator) column(x *identExpr, sc *scope, sel *selectCtx) (string, prestoType) {
	if len(x.parts) == 1 {
		for s := sc; s != nil; s = s.parent {
			if t, ok := s.lambda[x.parts[0]]; ok {
				return quoteIdent(x.parts[0]), t
			}
		}
	}
	name := x.parts[len(x.parts)-1]
	var qual string
	switch len(x.parts) {
	case 1:
	case 2:
		qual = x.parts[0]
	default:
		panic(notSupported(x.p, "a column name with more than one qualifier"))
	}
	for s := sc; s != nil; s = s.parent {
		var found []scopeCol
		for _, c := range s.cols {
			if c.name == name && (qual == "" || c.qual == qual) {
				found = append(found, c)
			}
		}
		if len(found) > 1 {
			panic(fail(x.p, "Column '%s' is ambiguous", strings.Join(x.parts, ".")))
		}
		if len(found) == 1 {
			if s != sc {
				panic(notSupported(x.p, "a correlated subquery"))
			}
			return found[0].ref, found[0].typ
		}
	}
	panic(fail(x.p, "Column '%s' cannot be resolved", strings.Join(x.parts, ".")))
}

var arithmeticNames = map[string]string{"+": "addition", "-": "subtraction", "*": "multiplication", "/": "division", "%": "modulus"}

func (g *generator) binary(x *binaryExpr, sc *scope, sel *selectCtx) (string, prestoType) {
	l, lt := g.expr(x.l, sc, sel)
	r, rt := g.expr(x.r, sc, sel)
	bad := func() {
		op := x.op
		if op == "and" || op == "or" {
			op = strings.ToUpper(op)
		}
		panic(fail(x.p, "'%s' cannot be applied to %s, %s", op, lt, rt))
	}
	switch x.op {
	case "and", "or":
		for _, t := range []prestoType{lt, rt} {
			if t.raw != "boolean" && t.raw != "unknown" {
				panic(fail(x.p, "Right side of logical expression must evaluate to a boolean (actual: %s)", t))
			}
		}
		return "(" + l + " " + strings.ToUpper(x.op) + " " + r + ")", tBool
	case "=", "<>", "<", "<=", ">", ">=":
		if _, ok := commonType(lt, rt); !ok {
			bad()
		}
		if lt.raw == "array" || lt.raw == "map" || lt.raw == "row" {
			panic(notSupported(x.p, "comparison of "+lt.String()))
		}
		if lt.raw == "double" || lt.raw == "real" || rt.raw == "double" || rt.raw == "real" {
			// Presto: NaN equals nothing and compares with nothing (DuckDB orders it last).
			nan := "isnan(" + l + ") OR isnan(" + r + ")"
			if x.op == "<>" {
				return "(" + l + " <> " + r + " OR " + nan + ")", tBool
			}
			return "(" + l + " " + x.op + " " + r + " AND NOT (" + nan + "))", tBool
		}
		return "(" + l + " " + x.op + " " + r + ")", tBool
	case "||":
		switch {
		case lt.raw == "unknown" || rt.raw == "unknown":
			panic(notSupported(x.p, "|| with NULL"))
		case isString(lt) && isString(rt):
			return "(" + l + " || " + r + ")", tVarchar
		case lt.raw == "array" && rt.raw == "array":
			t, ok := commonType(lt, rt)
			if !ok {
				bad()
			}
			return "list_concat(" + l + ", " + r + ")", t
		}
		bad()
	}
	// + - * / %
	switch {
	case lt.raw == "unknown" || rt.raw == "unknown":
		t := lt
		if t.raw == "unknown" {
			t = rt
		}
		if t.raw == "unknown" {
			t = tInt
		}
		if !isNumeric(t) {
			panic(notSupported(x.p, "this arithmetic on NULL"))
		}
		return "CAST(NULL AS " + duckType(t) + ")", t
	case isIntegral(lt) && isIntegral(rt):
		t, _ := commonType(lt, rt)
		dt := duckType(t)
		l, r = "CAST("+l+" AS "+dt+")", "CAST("+r+" AS "+dt+")"
		switch x.op {
		case "/":
			return "memory.main.presto_idiv(" + l + ", " + r + ")", t
		case "%":
			return "memory.main.presto_imod(" + l + ", " + r + ")", t
		}
		return "(" + l + " " + x.op + " " + r + ")", t
	case (lt.raw == "double" || lt.raw == "real") && isNumeric(rt) || (rt.raw == "double" || rt.raw == "real") && isNumeric(lt):
		t, _ := commonType(lt, rt)
		dt := duckType(t)
		if x.op == "%" {
			return "fmod(CAST(" + l + " AS " + dt + "), CAST(" + r + " AS " + dt + "))", t
		}
		return "(CAST(" + l + " AS " + dt + ") " + x.op + " CAST(" + r + " AS " + dt + "))", t
	case isNumeric(lt) && isNumeric(rt):
		a, b := asDecimal(lt), asDecimal(rt)
		p1, s1, p2, s2 := a.params[0], a.params[1], b.params[0], b.params[1]
		var p, s int
		switch x.op {
		case "+", "-":
			s = max(s1, s2)
			p = min(38, max(p1-s1, p2-s2)+s+1)
		case "*":
			p, s = min(38, p1+p2), s1+s2
		default:
			panic(notSupported(x.p, "decimal "+arithmeticNames[x.op]))
		}
		if s > 38 {
			panic(notSupported(x.p, "this decimal arithmetic"))
		}
		t := prestoType{raw: "decimal", params: []int{p, s}}
		return "CAST((CAST(" + l + " AS " + duckType(a) + ") " + x.op + " CAST(" + r + " AS " + duckType(b) + ")) AS " + duckType(t) + ")", t
	case lt.raw == "date" && rt.raw == "date" && x.op == "-":
		return "to_days(CAST(" + l + " - " + r + " AS INTEGER))", tIDS
	case (lt.raw == "date" || lt.raw == "timestamp") && (rt.raw == "interval day to second" || rt.raw == "interval year to month") && (x.op == "+" || x.op == "-"):
		if lt.raw == "date" && rt.raw == "interval day to second" {
			// Presto: date + interval day to second stays a date (only whole days count).
			return "CAST((" + l + " " + x.op + " " + r + ") AS DATE)", tDate
		}
		return "CAST((" + l + " " + x.op + " " + r + ") AS " + duckType(lt) + ")", lt
	}
	bad()
	return "", unknownType
}

func (g *generator) caseExpr(x *caseExpr, sc *scope, sel *selectCtx) (string, prestoType) {
	var b strings.Builder
	b.WriteString("(CASE")
	var operandType prestoType
	if x.operand != nil {
		s, t := g.expr(x.operand, sc, sel)
		operandType = t
		b.WriteString(" " + s)
	}
	rt := tUnknown
	var thens []string
	var conds []string
	var types []prestoType
	for _, w := range x.whens {
		c, ct := g.expr(w.cond, sc, sel)
		if x.operand != nil {
			if _, ok := commonType(operandType, ct); !ok {
				panic(fail(w.cond.at(), "CASE operand type does not match WHEN clause operand type: %s vs %s", operandType, ct))
			}
		} else if ct.raw != "boolean" && ct.raw != "unknown" {
			panic(fail(w.cond.at(), "WHEN clause must evaluate to a boolean: actual type %s", ct))
		}
		s, t := g.expr(w.then, sc, sel)
		nt, ok := commonType(rt, t)
		if !ok {
			panic(fail(w.then.at(), "All CASE results must be the same type: %s", rt))
		}
		rt = nt
		conds = append(conds, c)
		thens = append(thens, s)
		types = append(types, t)
	}
	els := ""
	if x.els != nil {
		s, t := g.expr(x.els, sc, sel)
		nt, ok := commonType(rt, t)
		if !ok {
			panic(fail(x.els.at(), "All CASE results must be the same type: %s", rt))
		}
		rt = nt
		els = s
	}
	cast := func(s string) string {
		if rt.raw == "unknown" {
			return s
		}
		return "CAST(" + s + " AS " + duckType(rt) + ")"
	}
	for i := range conds {
		b.WriteString(" WHEN " + conds[i] + " THEN " + cast(thens[i]))
	}
	if els != "" {
		b.WriteString(" ELSE " + cast(els))
	}
	b.WriteString(" END)")
	_ = types
	return b.String(), rt
}

func (g *generator) cast(x *castExpr, sc *scope, sel *selectCtx) (string, prestoType) {
	s, from := g.expr(x.e, sc, sel)
	to := x.typ
	if from.raw == "unknown" {
		return "CAST(NULL AS " + duckType(to) + ")", to
	}
	if x.try {
		if !(isString(from) || isNumeric(from)) || !(isNumeric(to) || to.raw == "date") {
			panic(notSupported(x.p, "TRY_CAST from "+from.String()+" to "+to.String()))
		}
		if isString(from) && isNumeric(to) {
			return "TRY_CAST(trim(" + s + ") AS " + duckType(to) + ")", to
		}
		return "TRY_CAST(" + s + " AS " + duckType(to) + ")", to
	}
	switch {
	case from.equal(to):
		return s, to
	case isNumeric(from) && isIntegral(to):
		if isString(from) {
			break
		}
		return fmt.Sprintf("memory.main.presto_to_%s(%s)", to.raw, s), to
	case isNumeric(from) && (to.raw == "double" || to.raw == "real" || to.raw == "decimal"):
		return "CAST(" + s + " AS " + duckType(to) + ")", to
	case isString(from) && (to.raw == "integer" || to.raw == "bigint"):
		return fmt.Sprintf("memory.main.presto_varchar_to_%s(%s)", to.raw, s), to
	case isString(from) && to.raw == "date":
		return "memory.main.presto_date(" + s + ")", to
	case isString(from) && to.raw == "timestamp":
		return "memory.main.presto_timestamp(" + s + ")", to
	case from.raw == "timestamp" && to.raw == "date", from.raw == "date" && to.raw == "timestamp":
		return "CAST(" + s + " AS " + duckType(to) + ")", to
	case isString(from) && to.raw == "varchar":
		if len(to.params) == 1 {
			return fmt.Sprintf("substr(%s, 1, %d)", s, to.params[0]), to
		}
		return s, to
	case isIntegral(from) && to.raw == "varchar" && len(to.params) == 0:
		return "CAST(" + s + " AS VARCHAR)", to
	case from.raw == "boolean" && isIntegral(to):
		return "CAST(" + s + " AS " + duckType(to) + ")", to
	case from.raw == "date" && to.raw == "varchar" && len(to.params) == 0:
		return "CAST(" + s + " AS VARCHAR)", to
	}
	panic(notSupported(x.p, "CAST from "+from.String()+" to "+to.String()))
}

var reTimestampLit = regexp.MustCompile(`^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}( [0-9]{1,2}:[0-9]{1,2}(:[0-9]{1,2}(\.[0-9]{1,3})?)?)?$`)
