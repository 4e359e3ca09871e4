package presto

import (
	"strings"
)

// parser is a recursive-descent parser of the part of Presto's SQL the
// embedded server answers, informed by PrestoDB's grammar (SqlBase.g4). What
// it does not know is a syntax error at the token where it stopped, in
// Presto's form ("line L:C: mismatched input 'x'").
type parser struct {
	toks []token
	i    int
}

// parseQuery parses toks (one statement, no trailing ';') as a query.
func parseQuery(toks []token) (q *queryNode, err *queryError) {
	p := &parser{toks: toks}
	defer func() {
		if r := recover(); r != nil {
			qe, ok := r.(*queryError)
			if !ok {
				panic(r)
			}
			q, err = nil, qe
		}
	}()
	q = p.query()
	if p.i < len(p.toks) {
		p.fail()
	}
	return q, nil
}

// reserved are Presto's reserved words: never an identifier unless quoted.
var reserved = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`alter and as between by case cast constraint create cross cube current_date
		current_time current_timestamp current_user deallocate delete describe distinct drop else end escape except
		execute exists extract false for from full group grouping having in inner insert intersect into is join left
		like localtime localtimestamp natural normalize not null on or order outer prepare recursive right rollup
		select table then true uescape union unnest using values when where with`) {
		reserved[w] = true
	}
}

func (p *parser) peek() token {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return token{kind: tokSymbol, text: "<EOF>"}
}

func (p *parser) peekAt(k int) token {
	if p.i+k < len(p.toks) {
		return p.toks[p.i+k]
	}
	return token{kind: tokSymbol, text: "<EOF>"}
}

func (p *parser) eof() bool { return p.i >= len(p.toks) }

func (p *parser) posOf() pos {
	if p.i < len(p.toks) {
		return pos{p.toks[p.i].line, p.toks[p.i].col}
	}
	if n := len(p.toks); n > 0 {
		t := p.toks[n-1]
		return pos{t.line, t.col + (t.end - t.off)}
	}
	return pos{1, 1}
}

// fail stops the parse at the current token.
func (p *parser) fail() {
	text := "<EOF>"
	if !p.eof() {
		t := p.toks[p.i]
		text = t.raw()
	}
	panic(mismatched(p.toks[:p.i], text, p.posOf().loc()))
}

func (p *parser) word(w string) bool {
	if p.peek().word(w) {
		p.i++
		return true
	}
	return false
}

func (p *parser) sym(s string) bool {
	t := p.peek()
	if t.kind == tokSymbol && t.text == s && p.i < len(p.toks) {
		p.i++
		return true
	}
	return false
}

func (p *parser) expectWord(w string) {
	if !p.word(w) {
		p.fail()
	}
}

func (p *parser) expectSym(s string) {
	if !p.sym(s) {
		p.fail()
	}
}

// ident reads an identifier (lower-cased); reserved words fail.
func (p *parser) ident() string {
	t := p.peek()
	switch {
	case t.kind == tokQuoted && p.i < len(p.toks):
		if t.text == "" {
			panic(newError(errSyntax, "Zero-length delimited identifier not allowed", p.posOf().loc()))
		}
		p.i++
		return strings.ToLower(t.text)
	case t.kind == tokIdent && !reserved[strings.ToLower(t.text)]:
		p.i++
		return strings.ToLower(t.text)
	case t.kind == tokBackquoted:
		panic(newError(errSyntax, "backquoted identifiers are not supported; use double quotes to quote identifiers", p.posOf().loc()))
	case t.kind == tokDigitIdent:
		panic(newError(errSyntax, "identifiers must not start with a digit; surround the identifier with double quotes", p.posOf().loc()))
	}
	p.fail()
	return ""
}

// notAlias are non-reserved words that follow a relation or a select item: never an implicit alias.
var notAlias = map[string]bool{"limit": true, "offset": true, "fetch": true, "window": true, "tablesample": true, "lateral": true}

func (p *parser) isAlias() bool {
	return p.isIdent() && !(p.peek().kind == tokIdent && notAlias[strings.ToLower(p.peek().text)])
}

func (p *parser) isIdent() bool {
	t := p.peek()
	return p.i < len(p.toks) && (t.kind == tokQuoted || t.kind == tokIdent && !reserved[strings.ToLower(t.text)])
}

func (p *parser) qualifiedName() []string {
	parts := []string{p.ident()}
	for p.sym(".") {
		parts = append(parts, p.ident())
	}
	return parts
}

func (p *parser) query() *queryNode {
	q := &queryNode{p: p.posOf()}
	if p.word("with") {
		if p.word("recursive") {
			p.i--
			p.fail()
		}
		for {
			c := cte{name: p.ident()}
			if p.sym("(") {
				c.cols = p.identList()
			}
			p.expectWord("as")
			p.expectSym("(")
			c.q = p.query()
			p.expectSym(")")
			q.with = append(q.with, c)
			if !p.sym(",") {
				break
			}
		}
	}
	q.body = p.queryTerm(0)
	if p.word("order") {
		p.expectWord("by")
		q.orderBy = p.orderItems()
	}
	if p.word("offset") {
		t := p.peek()
		if t.kind != tokNumber || strings.ContainsAny(t.text, ".eE") {
			p.fail()
		}
		q.offset = t.text
		p.i++
		if !p.word("rows") {
			p.word("row")
		}
	}
	if p.word("limit") {
		t := p.peek()
		switch {
		case t.word("all"):
			q.limit = "ALL"
		case t.kind == tokNumber && !strings.ContainsAny(t.text, ".eE"):
			q.limit = t.text
		default:
			p.fail()
		}
		p.i++
	}
	return q
}

func (p *parser) identList() []string {
	out := commaList(p, p.ident)
	p.expectSym(")")
	return out
}

// queryTerm parses set operations: INTERSECT binds tighter than UNION and EXCEPT.
func (p *parser) queryTerm(level int) queryBody {
	var l queryBody
	if level == 0 {
		l = p.queryTerm(1)
	} else {
		l = p.queryPrimary()
	}
	for {
		at := p.posOf()
		var op string
		switch {
		case level == 0 && p.word("union"):
			op = "union"
		case level == 0 && p.word("except"):
			op = "except"
		case level == 1 && p.word("intersect"):
			op = "intersect"
		default:
			return l
		}
		all := p.word("all")
		if !all {
			p.word("distinct")
		}
		var r queryBody
		if level == 0 {
			r = p.queryTerm(1)
		} else {
			r = p.queryPrimary()
		}
		l = &setOpBody{p: at, op: op, all: all, l: l, r: r}
	}
}

func (p *parser) queryPrimary() queryBody {
	at := p.posOf()
	switch {
	case p.peek().word("select"):
		return p.selectBody()
	case p.word("values"):
		v := &valuesBody{p: at}
		v.rows = append(v.rows, commaList(p, p.expr)...)
		return v
	case p.word("table"):
		return &tableBody{p: at, name: p.qualifiedName()}
	case p.sym("("):
		q := p.query()
		p.expectSym(")")
		return &nestedBody{p: at, q: q}
	}
	p.fail()
	return nil
}

func (p *parser) selectBody() *selectBody {
	s := &selectBody{p: p.posOf()}
	p.expectWord("select")
	if p.word("distinct") {
		s.distinct = true
	} else {
		p.word("all")
	}
	s.items = append(s.items, commaList(p, p.selectItem)...)
	if p.word("from") {
		s.from = append(s.from, commaList(p, p.relation)...)
	}
	if p.word("where") {
		s.where = p.expr()
	}
	if p.word("group") {
		p.expectWord("by")
		if p.peek().word("rollup") || p.peek().word("cube") || p.peek().word("grouping") {
			panic(notSupported(p.posOf(), "GROUP BY "+strings.ToUpper(p.peek().text)))
		}
		if !p.word("all") {
			p.word("distinct")
		}
		s.groupBy = append(s.groupBy, commaList(p, p.expr)...)
	}
	if p.word("having") {
		s.having = p.expr()
	}
	return s
}

func (p *parser) selectItem() selectItem {
	at := p.posOf()
	if p.sym("*") {
		return selectItem{p: at, star: true}
	}
	// t.* and s.t.*
	save := p.i
	if p.isIdent() {
		var parts []string
		for p.isIdent() {
			parts = append(parts, p.ident())
			if !p.sym(".") {
				break
			}
			if p.sym("*") {
				return selectItem{p: at, star: true, qual: parts}
			}
		}
		p.i = save
	}
	it := selectItem{p: at, e: p.expr()}
	if p.word("as") {
		it.alias = p.ident()
	} else if p.isAlias() {
		it.alias = p.ident()
	}
	return it
}

func (p *parser) relation() relation {
	l := p.relationPrimary()
	for {
		at := p.posOf()
		kind := ""
		switch {
		case p.word("cross"):
			p.expectWord("join")
			r := p.relationPrimary()
			l = &joinRel{p: at, kind: "cross", l: l, r: r}
			continue
		case p.word("join"):
			kind = "inner"
		case p.word("inner"):
			p.expectWord("join")
			kind = "inner"
		case p.word("left"), p.word("right"), p.word("full"):
			kind = strings.ToLower(p.toks[p.i-1].text)
			p.word("outer")
			p.expectWord("join")
		case p.peek().word("natural"):
			panic(notSupported(at, "NATURAL JOIN"))
		default:
			return l
		}
		r := p.relation0()
		j := &joinRel{p: at, kind: kind, l: l, r: r}
		switch {
		case p.word("on"):
			j.on = p.expr()
		case p.word("using"):
			p.expectSym("(")
			j.using = p.identList()
		default:
			p.fail()
		}
		l = j
	}
}

// relation0 is the right side of a join: a primary relation.
func (p *parser) relation0() relation { return p.relationPrimary() }

func (p *parser) relationPrimary() relation {
	at := p.posOf()
	var r relation
	switch {
	case p.peek().word("unnest") && p.peekAt(1).text == "(":
		p.i += 2
		u := &unnestRel{p: at}
		u.args = append(u.args, commaList(p, p.expr)...)
		p.expectSym(")")
		if p.word("with") {
			p.expectWord("ordinality")
			u.ordinality = true
		}
		r = u
	case p.peek().word("lateral"):
		panic(notSupported(at, "LATERAL"))
	case p.sym("("):
		if p.peek().word("select") || p.peek().word("with") || p.peek().word("values") || p.peek().word("table") || p.peek().text == "(" && p.startsQuery() {
			q := p.query()
			p.expectSym(")")
			r = &subqueryRel{p: at, q: q}
		} else {
			inner := p.relation()
			p.expectSym(")")
			r = inner
		}
	default:
		r = &tableRel{p: at, name: p.qualifiedName()}
	}
	if p.peek().word("tablesample") {
		panic(notSupported(p.posOf(), "TABLESAMPLE"))
	}
	alias, cols := "", []string(nil)
	if p.word("as") {
		alias = p.ident()
	} else if p.isAlias() {
		alias = p.ident()
	}
	if alias != "" && p.sym("(") {
		cols = p.identList()
	}
	switch x := r.(type) {
	case *tableRel:
		x.alias, x.cols = alias, cols
	case *subqueryRel:
		x.alias, x.cols = alias, cols
	case *unnestRel:
		x.alias, x.cols = alias, cols
	default:
		if alias != "" {
			return &subqueryRel{p: at, q: &queryNode{p: at, body: &selectBody{p: at, items: []selectItem{{p: at, star: true}}, from: []relation{r}}}, alias: alias, cols: cols}
		}
	}
	return r
}

// startsQuery looks past opening parentheses for a query's first word.
func (p *parser) startsQuery() bool {
	for k := 0; ; k++ {
		t := p.peekAt(k)
		if t.kind == tokSymbol && t.text == "(" {
			continue
		}
		return t.word("select") || t.word("with") || t.word("values") || t.word("table")
	}
}

func (p *parser) orderItems() []orderItem {
	var out []orderItem
	for {
		it := orderItem{e: p.expr()}
		if p.word("desc") {
			it.desc = true
		} else {
			p.word("asc")
		}
		if p.word("nulls") {
			switch {
			case p.word("first"):
				it.nulls = "first"
			case p.word("last"):
				it.nulls = "last"
			default:
				p.fail()
			}
		}
		out = append(out, it)
		if !p.sym(",") {
			return out
		}
	}
}

// Expressions, by precedence: OR, AND, NOT, predicates, || and + -, * / %, unary, AT TIME ZONE, primary.

func (p *parser) expr() expr { return p.or() }

func (p *parser) or() expr {
	l := p.and()
	for {
		at := p.posOf()
		if !p.word("or") {
			return l
		}
		l = &binaryExpr{p: at, op: "or", l: l, r: p.and()}
	}
}

func (p *parser) and() expr {
	l := p.not()
	for {
		at := p.posOf()
		if !p.word("and") {
			return l
		}
		l = &binaryExpr{p: at, op: "and", l: l, r: p.not()}
	}
}

func (p *parser) not() expr {
	at := p.posOf()
	if p.word("not") {
		return &unaryExpr{p: at, op: "not", e: p.not()}
	}
	return p.predicate()
}

var comparisons = map[string]string{"=": "=", "<>": "<>", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}

func (p *parser) predicate() expr {
	l := p.valueExpr(0)
	for {
		at := p.posOf()
		t := p.peek()
		if op, ok := comparisons[t.text]; ok && t.kind == tokSymbol && !p.eof() {
			p.i++
			if p.peek().word("all") || p.peek().word("any") || p.peek().word("some") {
				panic(notSupported(p.posOf(), "quantified comparison"))
			}
			l = &binaryExpr{p: at, op: op, l: l, r: p.valueExpr(0)}
			continue
		}
		if p.word("is") {
			not := p.word("not")
			switch {
			case p.word("null"):
				l = &isNullExpr{p: at, e: l, not: not}
			case p.word("distinct"):
				p.expectWord("from")
				l = &distinctFromExpr{p: at, l: l, r: p.valueExpr(0), not: not}
			default:
				p.fail()
			}
			continue
		}
		save := p.i
		not := p.word("not")
		switch {
		case p.word("between"):
			lo := p.valueExpr(0)
			p.expectWord("and")
			l = &betweenExpr{p: at, e: l, lo: lo, hi: p.valueExpr(0), not: not}
		case p.word("in"):
			p.expectSym("(")
			in := &inExpr{p: at, e: l, not: not}
			if p.peek().word("select") || p.peek().word("with") || p.peek().word("values") {
				in.sub = p.query()
			} else {
				in.list = append(in.list, commaList(p, p.expr)...)
			}
			p.expectSym(")")
			l = in
		case p.word("like"):
			lk := &likeExpr{p: at, e: l, pat: p.valueExpr(0), not: not}
			if p.word("escape") {
				lk.esc = p.valueExpr(0)
			}
			l = lk
		default:
			p.i = save
			return l
		}
	}
}

// valueExpr: level 0 is || + -, level 1 is * / %.
func (p *parser) valueExpr(level int) expr {
	if level == 2 {
		return p.unary()
	}
	l := p.valueExpr(level + 1)
	for {
		at := p.posOf()
		t := p.peek()
		if t.kind != tokSymbol || p.eof() {
			return l
		}
		ok := level == 0 && (t.text == "+" || t.text == "-" || t.text == "||") ||
			level == 1 && (t.text == "*" || t.text == "/" || t.text == "%")
		if !ok {
			return l
		}
		p.i++
		l = &binaryExpr{p: at, op: t.text, l: l, r: p.valueExpr(level + 1)}
	}
}

func (p *parser) unary() expr {
	at := p.posOf()
	if p.sym("-") {
		e := p.unary()
		if lit, ok := e.(*litExpr); ok && (lit.kind == "int" || lit.kind == "decimal" || lit.kind == "double") && !strings.HasPrefix(lit.text, "-") {
			return &litExpr{p: at, kind: lit.kind, text: "-" + lit.text}
		}
		return &unaryExpr{p: at, op: "-", e: e}
	}
	if p.sym("+") {
		return p.unary()
	}
	e := p.postfix()
	for {
		at := p.posOf()
		if p.peek().word("at") && p.peekAt(1).word("time") {
			p.i += 2
			p.expectWord("zone")
			e = &atTimeZoneExpr{p: at, e: e, zone: p.postfix()}
			continue
		}
		return e
	}
}

func (p *parser) postfix() expr {
	e := p.primary()
	for {
		at := p.posOf()
		switch {
		case p.sym("["):
			idx := p.expr()
			p.expectSym("]")
			e = &subscriptExpr{p: at, e: e, idx: idx}
		case p.peek().text == "." && p.peek().kind == tokSymbol && !p.eof():
			p.i++
			name := p.ident()
			if id, ok := e.(*identExpr); ok {
				id.parts = append(id.parts, name)
				continue
			}
			panic(notSupported(at, "field dereference"))
		default:
			return e
		}
	}
}

func (p *parser) primary() expr {
	at := p.posOf()
	t := p.peek()
	if p.eof() {
		p.fail()
	}
	switch t.kind {
	case tokNumber:
		p.i++
		kind := "int"
		switch {
		case strings.ContainsAny(t.text, "eE"):
			kind = "double"
		case strings.Contains(t.text, "."):
			kind = "decimal"
		}
		return &litExpr{p: at, kind: kind, text: t.text}
	case tokString:
		p.i++
		return &litExpr{p: at, kind: "string", text: t.text}
	case tokSymbol:
		if t.text == "(" {
			p.i++
			if p.startsQuery() {
				q := p.query()
				p.expectSym(")")
				return &subqueryExpr{p: at, q: q}
			}
			// a lambda's parameters: (a, b) -> ...
			if p.isIdent() {
				save := p.i
				var params []string
				for p.isIdent() {
					params = append(params, p.ident())
					if !p.sym(",") {
						break
					}
				}
				if p.sym(")") && p.sym("->") {
					return &lambdaExpr{p: at, params: params, body: p.expr()}
				}
				p.i = save
			}
			e := p.expr()
			if p.sym(",") {
				r := &rowExpr{p: at, elems: []expr{e}}
				r.elems = append(r.elems, commaList(p, p.expr)...)
				p.expectSym(")")
				return r
			}
			p.expectSym(")")
			return e
		}
		if t.text == "?" {
			panic(notSupported(at, "a parameter"))
		}
		p.fail()
	}
	if t.kind == tokQuoted {
		return p.identOrCall(at)
	}
	if t.kind != tokIdent {
		p.ident() // fails with the token's own message
	}
	w := strings.ToLower(t.text)
	switch w {
	case "null":
		p.i++
		return &litExpr{p: at, kind: "null"}
	case "true", "false":
		p.i++
		return &litExpr{p: at, kind: "bool", text: w}
	case "date", "timestamp", "decimal", "time", "real", "double", "bigint", "integer", "varchar", "char", "tinyint", "smallint", "boolean", "varbinary", "json":
		if p.peekAt(1).kind == tokString {
			p.i += 2
			return &typedLit{p: at, typ: w, text: p.toks[p.i-1].text}
		}
	case "interval":
		if p.peekAt(1).kind == tokString || (p.peekAt(1).text == "-" || p.peekAt(1).text == "+") && p.peekAt(2).kind == tokString {
			p.i++
			iv := &intervalLit{p: at}
			if p.sym("-") {
				iv.negative = true
			} else {
				p.sym("+")
			}
			iv.text = p.peek().text
			p.i++
			iv.from = p.intervalField()
			if p.word("to") {
				iv.to = p.intervalField()
			}
			return iv
		}
	case "array":
		if p.peekAt(1).text == "[" {
			p.i += 2
			a := &arrayExpr{p: at}
			if !p.sym("]") {
				a.elems = append(a.elems, commaList(p, p.expr)...)
				p.expectSym("]")
			}
			return a
		}
	case "row":
		if p.peekAt(1).text == "(" {
			p.i += 2
			r := &rowExpr{p: at}
			r.elems = append(r.elems, commaList(p, p.expr)...)
			p.expectSym(")")
			return r
		}
	case "cast", "try_cast":
		if p.peekAt(1).text == "(" {
			p.i += 2
			e := p.expr()
			p.expectWord("as")
			typ := p.typeName()
			p.expectSym(")")
			return &castExpr{p: at, e: e, typ: typ, try: w == "try_cast"}
		}
	case "case":
		p.i++
		c := &caseExpr{p: at}
		if !p.peek().word("when") {
			c.operand = p.expr()
		}
		for p.word("when") {
			cond := p.expr()
			p.expectWord("then")
			c.whens = append(c.whens, whenClause{cond, p.expr()})
		}
		if len(c.whens) == 0 {
			p.fail()
		}
		if p.word("else") {
			c.els = p.expr()
		}
		p.expectWord("end")
		return c
	case "exists":
		if p.peekAt(1).text == "(" {
			p.i += 2
			q := p.query()
			p.expectSym(")")
			return &existsExpr{p: at, q: q}
		}
	case "extract":
		if p.peekAt(1).text == "(" {
			p.i += 2
			field := p.ident()
			p.expectWord("from")
			e := p.expr()
			p.expectSym(")")
			return &extractExpr{p: at, field: field, e: e}
		}
	case "position":
		if p.peekAt(1).text == "(" {
			p.i += 2
			sub := p.valueExpr(0)
			p.expectWord("in")
			s := p.valueExpr(0)
			p.expectSym(")")
			return &funcExpr{p: at, name: "strpos", args: []expr{s, sub}}
		}
	case "current_date", "current_timestamp", "current_user", "localtimestamp", "current_time", "localtime":
		p.i++
		return &specialExpr{p: at, name: w}
	case "grouping", "normalize":
		panic(notSupported(at, strings.ToUpper(w)))
	}
	return p.identOrCall(at)
}

func (p *parser) intervalField() string {
	t := p.peek()
	for _, f := range []string{"year", "month", "day", "hour", "minute", "second"} {
		if t.word(f) {
			p.i++
			return f
		}
	}
	p.fail()
	return ""
}

// identOrCall is a column name, a function call, or a lambda x -> ...
func (p *parser) identOrCall(at pos) expr {
	name := p.ident()
	if p.sym("->") {
		return &lambdaExpr{p: at, params: []string{name}, body: p.expr()}
	}
	if !p.sym("(") {
		return &identExpr{p: at, parts: []string{name}}
	}
	f := &funcExpr{p: at, name: name}
	switch {
	case p.sym("*"):
		f.star = true
		p.expectSym(")")
	case p.sym(")"):
	default:
		if p.word("distinct") {
			f.distinct = true
		} else {
			p.word("all")
		}
		f.args = append(f.args, commaList(p, p.expr)...)
		if p.word("order") {
			p.expectWord("by")
			f.orderBy = p.orderItems()
		}
		p.expectSym(")")
	}
	if p.word("filter") {
		p.expectSym("(")
		p.expectWord("where")
		f.filter = p.expr()
		p.expectSym(")")
	}
	if p.peek().word("ignore") || p.peek().word("respect") {
		panic(notSupported(p.posOf(), "IGNORE NULLS"))
	}
	if p.word("over") {
		f.over = p.windowSpec()
	}
	return f
}

func (p *parser) windowSpec() *window {
	w := &window{}
	p.expectSym("(")
	if p.word("partition") {
		p.expectWord("by")
		w.partition = append(w.partition, commaList(p, p.expr)...)
	}
	if p.word("order") {
		p.expectWord("by")
		w.orderBy = p.orderItems()
	}
	if p.peek().word("rows") || p.peek().word("range") || p.peek().word("groups") {
		var b strings.Builder
		depth := 0
		for !p.eof() {
			t := p.peek()
			if t.kind == tokSymbol && t.text == ")" && depth == 0 {
				break
			}
			if t.kind != tokIdent && t.kind != tokNumber {
				panic(notSupported(p.posOf(), "this window frame"))
			}
			b.WriteString(strings.ToUpper(t.text) + " ")
			p.i++
		}
		w.frame = b.String()
	}
	p.expectSym(")")
	return w
}

// typeName reads a Presto type: bigint, varchar(10), decimal(10,2), array(bigint),
// map(varchar, bigint), row(a bigint, b varchar), timestamp with time zone, double precision.
func (p *parser) typeName() prestoType {
	at := p.posOf()
	name := p.ident()
	switch name {
	case "array":
		if p.sym("<") {
			e := p.typeName()
			p.expectSym(">")
			return prestoType{raw: "array", elems: []prestoType{e}}
		}
		p.expectSym("(")
		e := p.typeName()
		p.expectSym(")")
		return prestoType{raw: "array", elems: []prestoType{e}}
	case "map":
		p.expectSym("(")
		k := p.typeName()
		p.expectSym(",")
		v := p.typeName()
		p.expectSym(")")
		return prestoType{raw: "map", elems: []prestoType{k, v}}
	case "row":
		p.expectSym("(")
		t := prestoType{raw: "row"}
		for {
			t.fields = append(t.fields, p.ident())
			t.elems = append(t.elems, p.typeName())
			if !p.sym(",") {
				break
			}
		}
		p.expectSym(")")
		return t
	case "double":
		p.word("precision")
		return prestoType{raw: "double"}
	case "timestamp", "time":
		if p.word("with") {
			p.expectWord("time")
			p.expectWord("zone")
			return prestoType{raw: name + " with time zone"}
		}
		return prestoType{raw: name}
	case "int":
		return prestoType{raw: "integer"}
	}
	t := prestoType{raw: name}
	if p.sym("(") {
		for {
			tok := p.peek()
			if tok.kind != tokNumber {
				p.fail()
			}
			p.i++
			t.params = append(t.params, atoiSafe(tok.text))
			if !p.sym(",") {
				break
			}
		}
		p.expectSym(")")
	}
	if !knownTypes[name] {
		panic(newError(errTypeNotFound, "Unknown type: "+t.String(), at.loc()))
	}
	return t
}

var knownTypes = map[string]bool{"boolean": true, "tinyint": true, "smallint": true, "integer": true, "bigint": true,
	"real": true, "double": true, "decimal": true, "varchar": true, "char": true, "varbinary": true, "date": true,
	"json": true, "interval": true, "uuid": true, "ipaddress": true}

func atoiSafe(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' || n > 1<<30 {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// notSupported refuses what Presto has and the embedded server does not.
func notSupported(at pos, what string) *queryError {
	return newError(errNotSupported, what+" is not supported by the embedded Presto", at.loc())
}

// commaList reads one or more items separated by commas.
func commaList[T any](p *parser, item func() T) []T {
	var out []T
	for {
		out = append(out, item())
		if !p.sym(",") {
			return out
		}
	}
}
