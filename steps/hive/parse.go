package hive

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/fullstack-lab/fullstack-lab/harness/hms"
)

// Split cuts a script into statements on the semicolons outside quotes and
// comments, and tells where each starts (line, column), for error positions.
func Split(script string) []Source {
	var out []Source
	var b strings.Builder
	line, col := 1, 1
	sl, sc := 1, 1
	var quote rune
	comment := false
	flush := func() {
		if strings.TrimSpace(stripComments(b.String())) != "" {
			out = append(out, Source{Text: b.String(), Line: sl, Col: sc})
		}
		b.Reset()
	}
	for _, r := range script {
		switch {
		case comment:
			if r == '\n' {
				comment = false
			}
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '\'' || r == '"' || r == '`':
			quote = r
		case r == '-' && strings.HasSuffix(b.String(), "-"):
			comment = true
		case r == ';':
			flush()
			if r == '\n' {
				line, col = line+1, 0
			}
			col++
			sl, sc = line, col
			continue
		}
		b.WriteRune(r)
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	flush()
	return out
}

func stripComments(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(s, "\n") {
		if i := strings.Index(l, "--"); i >= 0 {
			l = l[:i]
		}
		b.WriteString(l)
	}
	return b.String()
}

// Source is one statement's text and where it starts in its script.
type Source struct {
	Text      string
	Line, Col int
}

// Parse parses one statement (without its semicolon).
func Parse(text string) (Statement, error) { return parseAt(Source{Text: text, Line: 1, Col: 1}) }

func parseAt(src Source) (Statement, error) {
	toks, err := lex(src.Text, src.Line, src.Col)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	st, err := p.statement()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, p.unexpected(t)
	}
	return st, nil
}

type parser struct {
	toks []token
	i    int
}

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

// is reports whether the next token is the keyword kw (case-insensitive).
func (p *parser) is(kw string) bool {
	t := p.peek()
	return t.kind == tIdent && strings.EqualFold(t.text, kw)
}

func (p *parser) accept(kws ...string) bool {
	save := p.i
	for _, kw := range kws {
		if !p.is(kw) {
			p.i = save
			return false
		}
		p.next()
	}
	return true
}

func (p *parser) expect(kws ...string) error {
	for _, kw := range kws {
		if !p.is(kw) {
			return p.unexpectedWant(p.peek(), strings.ToUpper(kw))
		}
		p.next()
	}
	return nil
}

func (p *parser) punct(s string) bool {
	if t := p.peek(); t.kind == tPunct && t.text == s {
		p.next()
		return true
	}
	return false
}

func (p *parser) expectPunct(s string) error {
	if !p.punct(s) {
		return p.unexpectedWant(p.peek(), "'"+s+"'")
	}
	return nil
}

// unexpected reports a token as Hive does: "cannot recognize input near 'a' 'b' 'c'".
func (p *parser) unexpected(t token) error {
	var near []string
	for j := p.i; j < len(p.toks) && len(near) < 3; j++ {
		near = append(near, "'"+p.toks[j].word()+"'")
	}
	return &ParseError{Line: t.line, Col: t.col, Msg: "cannot recognize input near " + strings.Join(near, " ")}
}

func (p *parser) unexpectedWant(t token, want string) error {
	return &ParseError{Line: t.line, Col: t.col, Msg: fmt.Sprintf("mismatched input '%s' expecting %s", t.word(), want)}
}

// ident reads an identifier or a `quoted` one.
func (p *parser) ident(what string) (string, error) {
	t := p.peek()
	if t.kind == tIdent || t.kind == tQuoted {
		p.next()
		return t.text, nil
	}
	return "", p.unexpectedWant(t, what)
}

// name reads [db.]name; db is empty when not given.
func (p *parser) name() (db, name string, err error) {
	if name, err = p.ident("a table name"); err != nil {
		return "", "", err
	}
	if p.punct(".") {
		db = name
		if name, err = p.ident("a table name"); err != nil {
			return "", "", err
		}
	}
	return strings.ToLower(db), strings.ToLower(name), nil
}

func (p *parser) str(what string) (string, error) {
	t := p.peek()
	if t.kind != tString {
		return "", p.unexpectedWant(t, what)
	}
	p.next()
	return t.text, nil
}

func (p *parser) statement() (Statement, error) {
	switch {
	case p.accept("create"):
		return p.create()
	case p.accept("drop"):
		if err := p.expect("table"); err != nil {
			return nil, err
		}
		st := DropTable{IfExists: p.accept("if", "exists")}
		var err error
		st.DB, st.Name, err = p.name()
		return st, err
	case p.accept("show", "databases"), p.accept("show", "schemas"):
		return ShowDatabases{}, nil
	case p.accept("show", "tables"):
		st := ShowTables{}
		if p.accept("in") || p.accept("from") {
			db, err := p.ident("a database name")
			if err != nil {
				return nil, err
			}
			st.DB = strings.ToLower(db)
		}
		return st, nil
	case p.accept("describe"), p.accept("desc"):
		st := Describe{Formatted: p.accept("formatted") || p.accept("extended")}
		var err error
		st.DB, st.Name, err = p.name()
		return st, err
	case p.accept("use"):
		db, err := p.ident("a database name")
		return Use{DB: strings.ToLower(db)}, err
	}
	return nil, p.unexpected(p.peek())
}

func (p *parser) create() (Statement, error) {
	if p.accept("database") || p.accept("schema") {
		st := CreateDatabase{IfNotExists: p.accept("if", "not", "exists")}
		name, err := p.ident("a database name")
		if err != nil {
			return nil, err
		}
		st.Name = strings.ToLower(name)
		for p.peek().kind != tEOF {
			switch {
			case p.accept("comment"):
				if st.Comment, err = p.str("a comment string"); err != nil {
					return nil, err
				}
			case p.accept("location"):
				if st.Location, err = p.str("a location string"); err != nil {
					return nil, err
				}
			default:
				return nil, p.unexpected(p.peek())
			}
		}
		return st, nil
	}
	st := CreateTable{External: p.accept("external")}
	if !p.accept("table") {
		return nil, p.unexpected(p.peek())
	}
	st.IfNotExists = p.accept("if", "not", "exists")
	var err error
	if st.DB, st.Name, err = p.name(); err != nil {
		return nil, err
	}
	if p.is("as") || p.is("like") {
		return nil, &ParseError{Line: p.peek().line, Col: p.peek().col,
			Msg: fmt.Sprintf("%s is not supported here: declare the columns (schema on read), or use `lab hive infer`", strings.ToUpper(p.peek().text))}
	}
	seen := map[string]bool{}
	if st.Columns, err = p.columns(seen, "Duplicate column name: %s"); err != nil {
		return nil, err
	}
	stored := false
	for p.peek().kind != tEOF {
		switch {
		case p.accept("comment"):
			if st.Comment, err = p.str("a comment string"); err != nil {
				return nil, err
			}
		case p.accept("partitioned", "by"):
			if st.Partitions, err = p.columns(seen, "Column repeated in partitioning columns: %s"); err != nil {
				return nil, err
			}
		case p.accept("stored", "as"):
			t := p.peek()
			if !p.accept("parquet") {
				return nil, &ParseError{Line: t.line, Col: t.col, Msg: fmt.Sprintf("STORED AS %s is not supported: the lab reads PARQUET tables", strings.ToUpper(t.word()))}
			}
			stored = true
		case p.accept("location"):
			if st.Location, err = p.str("a location string"); err != nil {
				return nil, err
			}
		case p.accept("tblproperties"):
			if st.Properties, err = p.properties(); err != nil {
				return nil, err
			}
		default:
			return nil, p.unexpected(p.peek())
		}
	}
	if !stored {
		t := p.peek()
		return nil, &ParseError{Line: t.line, Col: t.col, Msg: "missing STORED AS PARQUET: the lab reads PARQUET tables"}
	}
	if st.Location == "" {
		t := p.peek()
		return nil, &ParseError{Line: t.line, Col: t.col, Msg: "missing LOCATION: the table reads the Parquet files of a directory"}
	}
	return st, nil
}

// columns reads ( name type [COMMENT '...'], ... ). A name already in seen
// (compared as Hive does, in lower case) is an error: dup, with the name.
func (p *parser) columns(seen map[string]bool, dup string) ([]hms.Column, error) {
	if err := p.expectPunct("("); err != nil {
		return nil, err
	}
	var cols []hms.Column
	for {
		at := p.peek()
		name, err := p.ident("a column name")
		if err != nil {
			return nil, err
		}
		if seen[strings.ToLower(name)] {
			return nil, &ParseError{Line: at.line, Col: at.col, Msg: fmt.Sprintf(dup, strings.ToLower(name))}
		}
		seen[strings.ToLower(name)] = true
		typ, err := p.typ()
		if err != nil {
			return nil, err
		}
		c := hms.Column{Name: strings.ToLower(name), Type: typ}
		if p.accept("comment") {
			if c.Comment, err = p.str("a comment string"); err != nil {
				return nil, err
			}
		}
		cols = append(cols, c)
		if p.punct(")") {
			return cols, nil
		}
		if !p.punct(",") {
			return nil, p.unexpectedWant(p.peek(), "',' or ')'")
		}
	}
}

// primitive are Hive's primitive types; the ones with (n) or (p,s) take arguments.
var primitive = map[string]int{
	"string": 0, "tinyint": 0, "smallint": 0, "int": 0, "integer": 0, "bigint": 0,
	"float": 0, "double": 0, "boolean": 0, "timestamp": 0, "date": 0, "binary": 0,
	"varchar": 1, "char": 1, "decimal": 2,
}

func (p *parser) typ() (string, error) {
	t := p.peek()
	if t.kind != tIdent {
		return "", p.unexpectedWant(t, "a column type")
	}
	name := strings.ToLower(t.text)
	args, ok := primitive[name]
	if !ok {
		return "", &ParseError{Line: t.line, Col: t.col, Msg: fmt.Sprintf("type %s is not supported: the lab takes Hive's primitive types (string, int, bigint, double, boolean, timestamp, decimal(p,s), ...)", t.text)}
	}
	p.next()
	if name == "integer" {
		name = "int"
	}
	if !p.punct("(") {
		switch name {
		case "varchar", "char":
			return "", p.unexpectedWant(p.peek(), "'(' and a length")
		case "decimal":
			return "decimal(10,0)", nil // Hive's default precision and scale
		}
		return name, nil
	}
	if args == 0 {
		return "", &ParseError{Line: t.line, Col: t.col, Msg: fmt.Sprintf("%s takes no arguments", name)}
	}
	var nums []string
	for {
		n := p.peek()
		if n.kind != tNumber {
			return "", p.unexpectedWant(n, "a number")
		}
		p.next()
		nums = append(nums, n.text)
		if p.punct(")") {
			break
		}
		if err := p.expectPunct(","); err != nil {
			return "", err
		}
	}
	if len(nums) > args {
		return "", &ParseError{Line: t.line, Col: t.col, Msg: fmt.Sprintf("%s takes at most %d arguments", name, args)}
	}
	if err := checkArgs(name, nums); err != nil {
		return "", &ParseError{Line: t.line, Col: t.col, Msg: err.Error()}
	}
	if name == "decimal" && len(nums) == 1 {
		nums = append(nums, "0")
	}
	return name + "(" + strings.Join(nums, ",") + ")", nil
}

// checkArgs checks a type's arguments against Hive's limits: varchar(1..65535),
// char(1..255), decimal(1..38, 0..precision).
func checkArgs(name string, nums []string) error {
	n := make([]int, len(nums))
	for i, s := range nums {
		v, err := strconv.Atoi(s)
		if err != nil {
			v = math.MaxInt // too many digits for an int: out of every range
		}
		n[i] = v
	}
	switch {
	case name == "varchar" && (n[0] < 1 || n[0] > 65535):
		return fmt.Errorf("varchar length %s out of allowed range [1, 65535]", nums[0])
	case name == "char" && (n[0] < 1 || n[0] > 255):
		return fmt.Errorf("char length %s out of allowed range [1, 255]", nums[0])
	case name == "decimal" && (n[0] < 1 || n[0] > 38):
		return fmt.Errorf("decimal precision %s out of allowed range [1, 38]", nums[0])
	case name == "decimal" && len(n) == 2 && n[1] > n[0]:
		return fmt.Errorf("decimal scale %s must be less than or equal to precision %s", nums[1], nums[0])
	}
	return nil
}

// properties reads ('k'='v', ...).
func (p *parser) properties() (map[string]string, error) {
	if err := p.expectPunct("("); err != nil {
		return nil, err
	}
	props := map[string]string{}
	for {
		k, err := p.str("a property name string")
		if err != nil {
			return nil, err
		}
		if err := p.expectPunct("="); err != nil {
			return nil, err
		}
		v, err := p.str("a property value string")
		if err != nil {
			return nil, err
		}
		props[k] = v
		if p.punct(")") {
			return props, nil
		}
		if err := p.expectPunct(","); err != nil {
			return nil, err
		}
	}
}
