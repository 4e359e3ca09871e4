package presto

// The tree of a Presto query, as the parser (parser.go) builds it and the
// generator (generate.go) turns it into DuckDB's SQL.

// pos is where a node starts in the statement: 1-based line and column.
type pos struct{ line, col int }

func (p pos) loc() *errorLocation { return &errorLocation{p.line, p.col} }

type expr interface{ at() pos }

type (
	// litExpr is a literal: kind "int", "decimal", "double", "string", "bool", "null".
	litExpr struct {
		p    pos
		kind string
		text string
	}
	// typedLit is DATE '...', TIMESTAMP '...', DECIMAL '...', TIME '...'.
	typedLit struct {
		p    pos
		typ  string
		text string
	}
	// intervalLit is INTERVAL [+-]'n' unit [TO unit].
	intervalLit struct {
		p        pos
		negative bool
		text     string
		from, to string
	}
	// identExpr is a column name, maybe qualified (t.c), lower-cased.
	identExpr struct {
		p     pos
		parts []string
	}
	funcExpr struct {
		p        pos
		name     string
		args     []expr
		star     bool // count(*)
		distinct bool
		orderBy  []orderItem
		filter   expr
		over     *window
	}
	binaryExpr struct {
		p    pos
		op   string // + - * / % || = <> < <= > >= and or
		l, r expr
	}
	unaryExpr struct {
		p  pos
		op string // - + not
		e  expr
	}
	isNullExpr struct {
		p   pos
		e   expr
		not bool
	}
	distinctFromExpr struct {
		p    pos
		l, r expr
		not  bool
	}
	betweenExpr struct {
		p         pos
		e, lo, hi expr
		not       bool
	}
	inExpr struct {
		p    pos
		e    expr
		list []expr
		sub  *queryNode
		not  bool
	}
	likeExpr struct {
		p           pos
		e, pat, esc expr
		not         bool
	}
	caseExpr struct {
		p       pos
		operand expr
		whens   []whenClause
		els     expr
	}
	castExpr struct {
		p   pos
		e   expr
		typ prestoType
		try bool
	}
	arrayExpr struct {
		p     pos
		elems []expr
	}
	rowExpr struct {
		p     pos
		elems []expr
	}
	subscriptExpr struct {
		p      pos
		e, idx expr
	}
	subqueryExpr struct {
		p pos
		q *queryNode
	}
	existsExpr struct {
		p pos
		q *queryNode
	}
	lambdaExpr struct {
		p      pos
		params []string
		body   expr
	}
	extractExpr struct {
		p     pos
		field string
		e     expr
	}
	atTimeZoneExpr struct {
		p    pos
		e    expr
		zone expr
	}
	// specialExpr is CURRENT_DATE, CURRENT_TIMESTAMP, CURRENT_USER, LOCALTIMESTAMP ...
	specialExpr struct {
		p    pos
		name string
	}
)

type whenClause struct{ cond, then expr }

type orderItem struct {
	e          expr
	desc       bool
	nulls      string // "", "first", "last"
	descriptor string
}

type window struct {
	partition []expr
	orderBy   []orderItem
	frame     string // the frame clause as Presto wrote it, re-spelled; "" for none
}

func (e *litExpr) at() pos          { return e.p }
func (e *typedLit) at() pos         { return e.p }
func (e *intervalLit) at() pos      { return e.p }
func (e *identExpr) at() pos        { return e.p }
func (e *funcExpr) at() pos         { return e.p }
func (e *binaryExpr) at() pos       { return e.p }
func (e *unaryExpr) at() pos        { return e.p }
func (e *isNullExpr) at() pos       { return e.p }
func (e *distinctFromExpr) at() pos { return e.p }
func (e *betweenExpr) at() pos      { return e.p }
func (e *inExpr) at() pos           { return e.p }
func (e *likeExpr) at() pos         { return e.p }
func (e *caseExpr) at() pos         { return e.p }
func (e *castExpr) at() pos         { return e.p }
func (e *arrayExpr) at() pos        { return e.p }
func (e *rowExpr) at() pos          { return e.p }
func (e *subscriptExpr) at() pos    { return e.p }
func (e *subqueryExpr) at() pos     { return e.p }
func (e *existsExpr) at() pos       { return e.p }
func (e *lambdaExpr) at() pos       { return e.p }
func (e *extractExpr) at() pos      { return e.p }
func (e *atTimeZoneExpr) at() pos   { return e.p }
func (e *specialExpr) at() pos      { return e.p }

// queryNode is a query: WITH, a body, ORDER BY, OFFSET, LIMIT.
type queryNode struct {
	p       pos
	with    []cte
	body    queryBody
	orderBy []orderItem
	offset  string
	limit   string // "" none, "ALL", or a number
}

type cte struct {
	name string
	cols []string
	q    *queryNode
}

type queryBody interface{ bodyAt() pos }

type (
	selectBody struct {
		p        pos
		distinct bool
		items    []selectItem
		from     []relation
		where    expr
		groupBy  []expr
		having   expr
	}
	setOpBody struct {
		p    pos
		op   string // union, intersect, except
		all  bool
		l, r queryBody
	}
	valuesBody struct {
		p    pos
		rows []expr
	}
	nestedBody struct {
		p pos
		q *queryNode
	}
	tableBody struct {
		p    pos
		name []string
	}
)

func (b *selectBody) bodyAt() pos { return b.p }
func (b *setOpBody) bodyAt() pos  { return b.p }
func (b *valuesBody) bodyAt() pos { return b.p }
func (b *nestedBody) bodyAt() pos { return b.p }
func (b *tableBody) bodyAt() pos  { return b.p }

type selectItem struct {
	p     pos
	star  bool
	qual  []string // t.* qualifier
	e     expr
	alias string
}

type relation interface{ relAt() pos }

type (
	tableRel struct {
		p     pos
		name  []string
		alias string
		cols  []string
	}
	subqueryRel struct {
		p     pos
		q     *queryNode
		alias string
		cols  []string
	}
	unnestRel struct {
		p          pos
		args       []expr
		ordinality bool
		alias      string
		cols       []string
	}
	joinRel struct {
		p     pos
		kind  string // cross, inner, left, right, full
		l, r  relation
		on    expr
		using []string
	}
)

func (r *tableRel) relAt() pos    { return r.p }
func (r *subqueryRel) relAt() pos { return r.p }
func (r *unnestRel) relAt() pos   { return r.p }
func (r *joinRel) relAt() pos     { return r.p }
