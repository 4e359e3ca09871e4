package presto

import (
	"fmt"
	"strconv"
	"strings"
)

// prestoType is a Presto type: varchar, decimal(10,2), array(bigint),
// map(varchar, bigint), row(a bigint, b varchar) ...
type prestoType struct {
	raw    string
	params []int        // varchar(n), char(n), decimal(p,s)
	elems  []prestoType // array: 1, map: 2, row: n
	fields []string     // row field names
}

func (t prestoType) String() string {
	switch {
	case len(t.params) > 0:
		ps := make([]string, len(t.params))
		for i, p := range t.params {
			ps[i] = strconv.Itoa(p)
		}
		return t.raw + "(" + strings.Join(ps, ",") + ")"
	case t.raw == "row":
		fs := make([]string, len(t.elems))
		for i, e := range t.elems {
			fs[i] = quoteField(t.fields[i]) + " " + e.String()
		}
		return "row(" + strings.Join(fs, ",") + ")"
	case len(t.elems) > 0:
		es := make([]string, len(t.elems))
		for i, e := range t.elems {
			es[i] = e.String()
		}
		return t.raw + "(" + strings.Join(es, ",") + ")"
	}
	return t.raw
}

func quoteField(name string) string {
	for i := 0; i < len(name); i++ {
		if !isIdentPart(name[i]) {
			return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
		}
	}
	return name
}

// signature is t's typeSignature as the Java client reads it.
func (t prestoType) signature() typeSignature {
	s := typeSignature{RawType: t.raw, TypeArguments: []typeSignature{}, LiteralArguments: []any{}, Arguments: []typeArgument{}}
	for _, p := range t.params {
		s.Arguments = append(s.Arguments, typeArgument{Kind: "LONG_LITERAL", Value: p})
	}
	for i, e := range t.elems {
		if t.raw == "row" {
			s.Arguments = append(s.Arguments, typeArgument{Kind: "NAMED_TYPE_SIGNATURE", Value: map[string]any{
				"fieldName": map[string]any{"name": t.fields[i], "delimited": false},
				// A NamedTypeSignature's type is a TypeSignature, which Presto writes as its text.
				"typeSignature": e.String(),
			}})
			continue
		}
		s.TypeArguments = append(s.TypeArguments, e.signature())
		s.Arguments = append(s.Arguments, typeArgument{Kind: "TYPE_SIGNATURE", Value: e.signature()})
	}
	return s
}

func (t prestoType) column(name string) column {
	return column{Name: name, Type: t.String(), TypeSignature: t.signature()}
}

var varchar = prestoType{raw: "varchar"}

// typeExpr is a parsed type name, Hive's (array<string>) or DuckDB's (VARCHAR[]).
type typeExpr struct {
	name   string // lower case: string, decimal, array, map, struct, integer ...
	params []int
	elems  []typeExpr
	fields []string
}

// typeParser reads type names of both dialects.
type typeParser struct {
	s   string
	pos int
}

func (p *typeParser) space() {
	for p.pos < len(p.s) && p.s[p.pos] == ' ' {
		p.pos++
	}
}

func (p *typeParser) peek() byte {
	p.space()
	if p.pos < len(p.s) {
		return p.s[p.pos]
	}
	return 0
}

func (p *typeParser) word() string {
	p.space()
	if p.pos < len(p.s) && p.s[p.pos] == '"' {
		end := strings.IndexByte(p.s[p.pos+1:], '"')
		if end < 0 {
			p.pos = len(p.s)
			return ""
		}
		w := p.s[p.pos+1 : p.pos+1+end]
		p.pos += end + 2
		return w
	}
	start := p.pos
	for p.pos < len(p.s) && (isIdentPart(p.s[p.pos]) || p.s[p.pos] == '-') {
		p.pos++
	}
	return p.s[start:p.pos]
}

func (p *typeParser) expect(c byte) error {
	if p.peek() != c {
		return fmt.Errorf("type %q: expected %q at %d", p.s, c, p.pos)
	}
	p.pos++
	return nil
}

func (p *typeParser) ints() ([]int, error) {
	var out []int
	for {
		w := p.word()
		n, err := strconv.Atoi(w)
		if err != nil {
			return nil, fmt.Errorf("type %q: bad number %q", p.s, w)
		}
		out = append(out, n)
		if p.peek() != ',' {
			return out, p.expect(')')
		}
		p.pos++
	}
}

// parse reads one type; hive selects Hive's spelling of nested types.
func (p *typeParser) parse(hive bool) (typeExpr, error) {
	name := strings.ToLower(p.word())
	if name == "" {
		return typeExpr{}, fmt.Errorf("type %q: missing name at %d", p.s, p.pos)
	}
	t := typeExpr{name: name}
	switch {
	case name == "timestamp" || name == "time":
		// DuckDB: TIMESTAMP WITH TIME ZONE
		save := p.pos
		if strings.EqualFold(p.word(), "with") {
			p.word()
			p.word()
			t.name += "tz"
		} else {
			p.pos = save
		}
	case hive && (name == "array" || name == "map" || name == "struct" || name == "uniontype"):
		if err := p.expect('<'); err != nil {
			return t, err
		}
		if err := p.elems(&t, hive, name == "struct", ':'); err != nil {
			return t, err
		}
		if err := p.expect('>'); err != nil {
			return t, err
		}
	case !hive && (name == "struct" || name == "map" || name == "union"):
		if err := p.expect('('); err != nil {
			return t, err
		}
		if err := p.elems(&t, hive, name != "map", 0); err != nil {
			return t, err
		}
		if err := p.expect(')'); err != nil {
			return t, err
		}
	case p.peek() == '(':
		p.pos++
		ps, err := p.ints()
		if err != nil {
			return t, err
		}
		t.params = ps
	}
	for !hive && p.peek() == '[' { // DuckDB: INTEGER[] (list), INTEGER[3] (array)
		end := strings.IndexByte(p.s[p.pos:], ']')
		if end < 0 {
			return t, fmt.Errorf("type %q: unclosed [", p.s)
		}
		p.pos += end + 1
		t = typeExpr{name: "list", elems: []typeExpr{t}}
	}
	return t, nil
}

// elems reads the comma-separated element types of a nested type into t;
// with named, each after its field name (and the byte sep, when not 0).
func (p *typeParser) elems(t *typeExpr, hive, named bool, sep byte) error {
	for {
		if named {
			f := p.word()
			if sep != 0 {
				if err := p.expect(sep); err != nil {
					return err
				}
			}
			t.fields = append(t.fields, f)
		}
		e, err := p.parse(hive)
		if err != nil {
			return err
		}
		t.elems = append(t.elems, e)
		if p.peek() != ',' {
			return nil
		}
		p.pos++
	}
}

func parseType(s string, hive bool) (typeExpr, error) {
	p := &typeParser{s: s}
	t, err := p.parse(hive)
	if err == nil && p.peek() != 0 {
		err = fmt.Errorf("type %q: unexpected %q", s, p.s[p.pos:])
	}
	return t, err
}

// hiveType is a declared Hive column type: how DuckDB reads it and how Presto names it.
type hiveType struct {
	duck   string
	presto prestoType
}

// fromHive maps a Hive type name (string, decimal(10,2), array<string>, ...).
func fromHive(s string) (hiveType, error) {
	t, err := parseType(s, true)
	if err != nil {
		return hiveType{}, fmt.Errorf("%w: %w", ErrUnsupportedType, err)
	}
	return t.hive()
}

func (t typeExpr) hive() (hiveType, error) {
	simple := map[string]hiveType{
		"string":    {"VARCHAR", varchar},
		"tinyint":   {"TINYINT", prestoType{raw: "tinyint"}},
		"smallint":  {"SMALLINT", prestoType{raw: "smallint"}},
		"int":       {"INTEGER", prestoType{raw: "integer"}},
		"integer":   {"INTEGER", prestoType{raw: "integer"}},
		"bigint":    {"BIGINT", prestoType{raw: "bigint"}},
		"float":     {"FLOAT", prestoType{raw: "real"}},
		"double":    {"DOUBLE", prestoType{raw: "double"}},
		"boolean":   {"BOOLEAN", prestoType{raw: "boolean"}},
		"timestamp": {"TIMESTAMP", prestoType{raw: "timestamp"}},
		"date":      {"DATE", prestoType{raw: "date"}},
		"binary":    {"BLOB", prestoType{raw: "varbinary"}},
	}
	if h, ok := simple[t.name]; ok && len(t.params) == 0 {
		return h, nil
	}
	switch t.name {
	case "varchar", "char":
		if len(t.params) == 1 {
			return hiveType{"VARCHAR", prestoType{raw: t.name, params: t.params}}, nil
		}
	case "decimal", "numeric":
		p := []int{10, 0}
		copy(p, t.params)
		if len(t.params) == 1 {
			p[1] = 0
		}
		if len(t.params) <= 2 {
			return hiveType{fmt.Sprintf("DECIMAL(%d,%d)", p[0], p[1]), prestoType{raw: "decimal", params: p}}, nil
		}
	case "array":
		e, err := t.elems[0].hive()
		if err != nil {
			return e, err
		}
		return hiveType{e.duck + "[]", prestoType{raw: "array", elems: []prestoType{e.presto}}}, nil
	case "map":
		if len(t.elems) == 2 {
			k, err := t.elems[0].hive()
			if err != nil {
				return k, err
			}
			v, err := t.elems[1].hive()
			if err != nil {
				return v, err
			}
			return hiveType{"MAP(" + k.duck + ", " + v.duck + ")", prestoType{raw: "map", elems: []prestoType{k.presto, v.presto}}}, nil
		}
	case "struct":
		var duck []string
		pt := prestoType{raw: "row"}
		for i, e := range t.elems {
			h, err := e.hive()
			if err != nil {
				return h, err
			}
			name := strings.ToLower(t.fields[i])
			duck = append(duck, quoteIdent(name)+" "+h.duck)
			pt.elems = append(pt.elems, h.presto)
			pt.fields = append(pt.fields, name)
		}
		return hiveType{"STRUCT(" + strings.Join(duck, ", ") + ")", pt}, nil
	}
	return hiveType{}, fmt.Errorf("%w: %s", ErrUnsupportedType, t.name)
}

// quoteIdent quotes an identifier for DuckDB.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// quoteString quotes a string literal for DuckDB.
func quoteString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
