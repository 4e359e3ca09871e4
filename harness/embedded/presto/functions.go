package presto

import (
	"regexp"
	"sort"
	"strings"
)

// Presto's functions the embedded server answers, each with its argument
// types and DuckDB's SQL for it. A name not here is "Function x not
// registered" when Presto has no such function either, and a refusal when it has.

// fn generates a call: its arguments' SQL and types in, the call's SQL and type out.
type fn func(c *call) (string, prestoType)

type call struct {
	g     *generator
	f     *funcExpr
	args  []string
	types []prestoType
}

// bad is Presto's error for arguments a function does not take.
func (c *call) bad(expected string) {
	ts := make([]string, len(c.types))
	for i, t := range c.types {
		ts[i] = t.String()
	}
	panic(fail(c.f.p, "Unexpected parameters (%s) for function %s. Expected: %s", strings.Join(ts, ", "), c.f.name, expected))
}

func (c *call) arity(n ...int) {
	for _, k := range n {
		if len(c.args) == k {
			return
		}
	}
	panic(notSupported(c.f.p, c.f.name+" with these arguments"))
}

// want checks the arguments' kinds: "n" numeric, "i" integral, "s" string, "d" date or timestamp, "a" array, "b" boolean, "*" any.
func (c *call) want(kinds string) {
	if len(kinds) != len(c.args) {
		panic(notSupported(c.f.p, c.f.name+" with these arguments"))
	}
	for i, k := range kinds {
		t := c.types[i]
		ok := t.raw == "unknown"
		switch k {
		case 'n':
			ok = ok || isNumeric(t)
		case 'i':
			ok = ok || isIntegral(t)
		case 's':
			ok = ok || isString(t)
		case 'd':
			ok = ok || t.raw == "date" || t.raw == "timestamp"
		case 'a':
			ok = ok || t.raw == "array"
		case 'b':
			ok = ok || t.raw == "boolean"
		case '*':
			ok = true
		}
		if !ok {
			panic(notSupported(c.f.p, c.f.name+" with these arguments"))
		}
	}
}

func (c *call) join() string { return strings.Join(c.args, ", ") }

func simple(duck string, kinds string, ret prestoType) fn {
	return func(c *call) (string, prestoType) {
		c.want(kinds)
		return duck + "(" + c.join() + ")", ret
	}
}

func sameType(duck string) fn {
	return func(c *call) (string, prestoType) {
		c.want("n")
		if c.types[0].raw == "decimal" {
			panic(notSupported(c.f.p, c.f.name+" of a decimal"))
		}
		return duck + "(" + c.args[0] + ")", c.types[0]
	}
}

func toDouble(duck string, kinds string) fn {
	return func(c *call) (string, prestoType) {
		c.want(kinds)
		args := make([]string, len(c.args))
		for i, a := range c.args {
			args[i] = "CAST(" + a + " AS DOUBLE)"
		}
		return duck + "(" + strings.Join(args, ", ") + ")", tDouble
	}
}

// varcharOf is the type of a string function's result: the input's bound.
func varcharOf(t prestoType) prestoType {
	if t.raw == "varchar" {
		return t
	}
	return tVarchar
}

var functions = map[string]fn{
	"abs": func(c *call) (string, prestoType) {
		c.want("n")
		return "CAST(abs(" + c.args[0] + ") AS " + duckType(c.types[0]) + ")", c.types[0]
	},
	"sequence": func(c *call) (string, prestoType) {
		c.arity(2, 3)
		c.want(strings.Repeat("i", len(c.args)))
		step := argOrText(c.args, 2, "1")
		return "memory.main.presto_sequence(CAST(" + c.args[0] + " AS BIGINT), CAST(" + c.args[1] + " AS BIGINT), CAST(" + step + " AS BIGINT))", prestoType{raw: "array", elems: []prestoType{tBigint}}
	},
	"flatten": func(c *call) (string, prestoType) {
		c.want("a")
		if c.types[0].elems[0].raw != "array" {
			panic(notSupported(c.f.p, "flatten of "+c.types[0].String()))
		}
		return "flatten(" + c.args[0] + ")", c.types[0].elems[0]
	},
	"array_sort": func(c *call) (string, prestoType) {
		c.want("a")
		return "list_sort(" + c.args[0] + ", 'ASC', 'NULLS LAST')", c.types[0]
	},
	"regexp_split": func(c *call) (string, prestoType) {
		c.want("ss")
		re := c.regex(1)
		if regexp.MustCompile(c.literalArg("pattern", 1)).MatchString("") {
			panic(notSupported(c.f.p, "regexp_split of a pattern that matches the empty string"))
		}
		return "regexp_split_to_array(" + c.args[0] + ", " + re + ")", prestoType{raw: "array", elems: []prestoType{varcharOf(c.types[0])}}
	},
	"sqrt":  toDouble("sqrt", "n"),
	"ln":    toDouble("ln", "n"),
	"exp":   toDouble("exp", "n"),
	"power": toDouble("power", "nn"),
	"pow":   toDouble("power", "nn"),
	"floor": func(c *call) (string, prestoType) {
		c.want("n")
		if t := c.types[0]; t.raw == "decimal" {
			r := prestoType{raw: "decimal", params: []int{t.params[0] - t.params[1] + min(t.params[1], 1), 0}}
			return "CAST(floor(" + c.args[0] + ") AS " + duckType(r) + ")", r
		}
		if c.types[0].raw != "double" && !isIntegral(c.types[0]) {
			panic(notSupported(c.f.p, "floor of "+c.types[0].String()))
		}
		return "floor(" + c.args[0] + ")", c.types[0]
	},
	"ceil": func(c *call) (string, prestoType) {
		c.want("n")
		if t := c.types[0]; t.raw == "decimal" {
			r := prestoType{raw: "decimal", params: []int{t.params[0] - t.params[1] + min(t.params[1], 1), 0}}
			return "CAST(ceil(" + c.args[0] + ") AS " + duckType(r) + ")", r
		}
		if c.types[0].raw != "double" && !isIntegral(c.types[0]) {
			panic(notSupported(c.f.p, "ceil of "+c.types[0].String()))
		}
		return "ceil(" + c.args[0] + ")", c.types[0]
	},
	"round": func(c *call) (string, prestoType) {
		c.arity(1, 2)
		if t := c.types[0]; t.raw == "decimal" {
			r := prestoType{raw: "decimal", params: []int{t.params[0] - t.params[1] + min(t.params[1], 1), 0}}
			if len(c.args) == 2 {
				c.want("ni")
				r = prestoType{raw: "decimal", params: []int{min(38, t.params[0]+1), t.params[1]}}
			}
			return "CAST(round(" + c.join() + ") AS " + duckType(r) + ")", r
		}
		if c.types[0].raw != "double" && !isIntegral(c.types[0]) {
			panic(notSupported(c.f.p, "round of "+c.types[0].String()))
		}
		if len(c.args) == 2 {
			c.want("ni")
		}
		return "round(" + c.join() + ")", c.types[0]
	},
	"mod": func(c *call) (string, prestoType) {
		c.want("ii")
		t, _ := commonType(c.types[0], c.types[1])
		return "memory.main.presto_imod(CAST(" + c.args[0] + " AS " + duckType(t) + "), CAST(" + c.args[1] + " AS " + duckType(t) + "))", t
	},
	"greatest": extreme("greatest"),
	"least":    extreme("least"),
	"nan":      func(c *call) (string, prestoType) { c.want(""); return "CAST('NaN' AS DOUBLE)", tDouble },
	"infinity": func(c *call) (string, prestoType) { c.want(""); return "CAST('Infinity' AS DOUBLE)", tDouble },
	"is_nan":   simple("isnan", "n", tBool),

	"length": simple("length", "s", tBigint),
	"lower":  asciiCase("lower"),
	"upper":  asciiCase("upper"),
	"reverse": func(c *call) (string, prestoType) {
		c.want("s")
		return "reverse(" + c.args[0] + ")", varcharOf(c.types[0])
	},
	"substr": func(c *call) (string, prestoType) {
		c.arity(2, 3)
		c.want("si"[:2] + strings.Repeat("i", len(c.args)-2))
		return "memory.main.presto_substr(" + c.args[0] + ", " + c.args[1] + argOr(c.args, 2, "2147483647") + ")", varcharOf(c.types[0])
	},
	"replace": func(c *call) (string, prestoType) {
		c.arity(2, 3)
		c.want(strings.Repeat("s", len(c.args)))
		t := c.types[0]
		if len(c.args) == 3 && t.raw == "varchar" && len(t.params) == 1 {
			// Presto's replace(varchar(x), varchar(y), varchar(z)): varchar(x + (x + 1) * z).
			if z := c.types[2]; len(z.params) == 1 {
				t = varcharN(min(2147483647, t.params[0]+(t.params[0]+1)*z.params[0]))
			} else {
				t = tVarchar
			}
		}
		return "replace(" + c.args[0] + ", " + c.args[1] + ", " + argOrText(c.args, 2, "''") + ")", varcharOf(t)
	},
	"trim":  trimFn("trim"),
	"ltrim": trimFn("ltrim"),
	"rtrim": trimFn("rtrim"),
	"concat": func(c *call) (string, prestoType) {
		if len(c.args) < 2 {
			panic(notSupported(c.f.p, "concat with fewer than two arguments"))
		}
		if c.types[0].raw == "array" {
			t := c.common()
			out := c.args[0]
			for _, a := range c.args[1:] {
				out = "list_concat(" + out + ", " + a + ")"
			}
			return out, t
		}
		c.want(strings.Repeat("s", len(c.args)))
		for _, t := range c.types {
			if t.raw == "unknown" {
				panic(notSupported(c.f.p, "concat with NULL"))
			}
		}
		return "(" + strings.Join(c.args, " || ") + ")", tVarchar
	},
	"strpos":      simple("strpos", "ss", tBigint),
	"starts_with": simple("starts_with", "ss", tBool),
	"split_part": func(c *call) (string, prestoType) {
		c.want("ssi")
		return "memory.main.presto_split_part(" + c.join() + ")", varcharOf(c.types[0])
	},
	"split": func(c *call) (string, prestoType) {
		c.want("ss")
		return "string_split(" + c.join() + ")", prestoType{raw: "array", elems: []prestoType{varcharOf(c.types[0])}}
	},
	"lpad": padFn("lpad"),
	"rpad": padFn("rpad"),
	"chr": func(c *call) (string, prestoType) {
		c.want("i")
		return "memory.main.presto_chr(" + c.args[0] + ")", varcharN(1)
	},
	"codepoint": func(c *call) (string, prestoType) {
		c.want("s")
		if c.types[0].raw != "varchar" || len(c.types[0].params) == 0 || c.types[0].params[0] != 1 {
			c.bad("codepoint(varchar(1))")
		}
		return "unicode(" + c.args[0] + ")", tInt
	},

	"regexp_like": func(c *call) (string, prestoType) {
		c.want("ss")
		return "regexp_matches(" + c.args[0] + ", " + c.regex(1) + ")", tBool
	},
	"regexp_replace": func(c *call) (string, prestoType) {
		c.arity(2, 3)
		c.want(strings.Repeat("s", len(c.args)))
		repl := "''"
		t := varcharOf(c.types[0])
		if len(c.args) == 3 {
			repl = c.replacement(2)
			// Presto's regexp_replace(varchar(x), re, varchar(y)): varchar(x + max(x * y / 2, y) * (x + 1)).
			if z := c.types[2]; len(t.params) == 1 && len(z.params) == 1 {
				x, y := t.params[0], z.params[0]
				t = varcharN(min(2147483647, x+max(x*y/2, y)*(x+1)))
			} else {
				t = tVarchar
			}
		}
		re := c.regex(1)
		if regexp.MustCompile(c.literalArg("pattern", 1)).MatchString("") {
			// Java replaces the empty match at the end too; RE2 does not.
			panic(notSupported(c.f.p, "regexp_replace of a pattern that matches the empty string"))
		}
		return "regexp_replace(" + c.args[0] + ", " + re + ", " + repl + ", 'g')", t
	},
	"regexp_extract": func(c *call) (string, prestoType) {
		c.arity(2, 3)
		c.want("ss" + strings.Repeat("i", len(c.args)-2))
		group := argOrText(c.args, 2, "0")
		re := c.regex(1)
		return "(CASE WHEN regexp_matches(" + c.args[0] + ", " + re + ") THEN regexp_extract(" + c.args[0] + ", " + re + ", " + group + ") END)", varcharOf(c.types[0])
	},
	"regexp_extract_all": func(c *call) (string, prestoType) {
		c.want("ss")
		return "regexp_extract_all(" + c.args[0] + ", " + c.regex(1) + ")", prestoType{raw: "array", elems: []prestoType{varcharOf(c.types[0])}}
	},

	"year":        datePart("year"),
	"month":       datePart("month"),
	"day":         datePart("day"),
	"hour":        datePart("hour"),
	"minute":      datePart("minute"),
	"second":      datePart("second"),
	"day_of_year": datePart("dayofyear"),
	"doy":         datePart("dayofyear"),
	"day_of_week": datePart("isodow"),
	"dow":         datePart("isodow"),
	"date_diff": func(c *call) (string, prestoType) {
		c.want("sdd")
		unit := c.unit(0)
		if !c.types[1].equal(c.types[2]) {
			panic(notSupported(c.f.p, "date_diff of different types"))
		}
		return "date_diff(" + unit + ", " + c.args[1] + ", " + c.args[2] + ")", tBigint
	},
	"date_add": func(c *call) (string, prestoType) {
		c.want("sid")
		unit := c.unit(0)
		t := c.types[2]
		return "CAST((" + c.args[2] + " + " + c.args[1] + " * INTERVAL 1 " + strings.Trim(unit, "'") + ") AS " + duckType(t) + ")", t
	},
	"date_trunc": func(c *call) (string, prestoType) {
		c.want("sd")
		unit := c.unit(0)
		return "CAST(date_trunc(" + unit + ", " + c.args[1] + ") AS " + duckType(c.types[1]) + ")", c.types[1]
	},
	"date_format": func(c *call) (string, prestoType) {
		if len(c.types) == 2 && c.types[0].raw != "timestamp" && c.types[0].raw != "date" {
			c.bad("date_format(timestamp, varchar(x)) , date_format(timestamp with time zone, varchar(x)) ")
		}
		c.want("ds")
		return "strftime(CAST(" + c.args[0] + " AS TIMESTAMP), " + c.format(1) + ")", tVarchar
	},
	"date_parse": func(c *call) (string, prestoType) {
		c.want("ss")
		return "strptime(" + c.args[0] + ", " + c.format(1) + ")", tTS
	},
	"to_unixtime": func(c *call) (string, prestoType) {
		c.want("d")
		if c.types[0].raw != "timestamp" {
			panic(notSupported(c.f.p, "to_unixtime of a date"))
		}
		return "CAST(epoch_ms(" + c.args[0] + ") AS DOUBLE) / 1000", tDouble
	},
	"from_unixtime": func(c *call) (string, prestoType) {
		c.want("n")
		return "memory.main.presto_from_unixtime(CAST(" + c.args[0] + " AS DOUBLE))", tTS
	},

	"json_extract_scalar": func(c *call) (string, prestoType) {
		c.want("ss")
		j, path := c.args[0], c.jsonPath(1)
		return "(CASE WHEN NOT json_valid(" + j + ") THEN NULL WHEN json_type(" + j + ", " + path + ") IN ('OBJECT', 'ARRAY') THEN NULL ELSE json_extract_string(" + j + ", " + path + ") END)", varcharOf(c.types[0])
	},
	"json_extract": func(c *call) (string, prestoType) {
		c.want("ss")
		j, path := c.args[0], c.jsonPath(1)
		return "(CASE WHEN NOT json_valid(" + j + ") THEN NULL ELSE CAST(json_extract(" + j + ", " + path + ") AS VARCHAR) END)", tJSON
	},
	"json_array_length": func(c *call) (string, prestoType) {
		c.want("s")
		j := c.args[0]
		return "(CASE WHEN NOT json_valid(" + j + ") OR json_type(" + j + ") <> 'ARRAY' THEN NULL ELSE CAST(json_array_length(" + j + ") AS BIGINT) END)", tBigint
	},
	"json_parse": func(c *call) (string, prestoType) {
		c.want("s")
		j := c.args[0]
		return "(CASE WHEN NOT json_valid(" + j + ") THEN error('NOT_SUPPORTED:json_parse of text that is not JSON is not supported by the embedded Presto') ELSE CAST(json(" + j + ") AS VARCHAR) END)", tJSON
	},
	"json_format": func(c *call) (string, prestoType) {
		if len(c.types) != 1 || c.types[0].raw != "json" {
			panic(notSupported(c.f.p, "json_format with these arguments"))
		}
		return c.args[0], tVarchar
	},
	"cardinality": func(c *call) (string, prestoType) {
		c.want("*")
		if c.types[0].raw != "array" && c.types[0].raw != "map" {
			panic(notSupported(c.f.p, "cardinality of "+c.types[0].String()))
		}
		return "CAST(len(" + c.args[0] + ") AS BIGINT)", tBigint
	},
	"element_at": func(c *call) (string, prestoType) {
		c.want("**")
		switch c.types[0].raw {
		case "array":
			c.want("ai")
			return "memory.main.presto_element_at(" + c.join() + ")", c.types[0].elems[0]
		}
		panic(notSupported(c.f.p, "element_at of "+c.types[0].String()))
	},
	"contains": func(c *call) (string, prestoType) {
		c.want("a*")
		if _, ok := commonType(c.types[0].elems[0], c.types[1]); !ok {
			panic(notSupported(c.f.p, "contains with these arguments"))
		}
		return "list_contains(" + c.join() + ")", tBool
	},
	"array_join": func(c *call) (string, prestoType) {
		c.want("as")
		return "array_to_string(" + c.join() + ")", tVarchar
	},
	"array_max": func(c *call) (string, prestoType) {
		c.want("a")
		return "list_max(" + c.args[0] + ")", c.types[0].elems[0]
	},
	"array_min": func(c *call) (string, prestoType) {
		c.want("a")
		return "list_min(" + c.args[0] + ")", c.types[0].elems[0]
	},
	"array_position": func(c *call) (string, prestoType) {
		c.want("a*")
		return "CAST(coalesce(list_position(" + c.join() + "), 0) AS BIGINT)", tBigint
	},

	"coalesce": func(c *call) (string, prestoType) {
		t := c.common()
		return "coalesce(" + c.castArgs(t) + ")", t
	},
	"nullif": func(c *call) (string, prestoType) {
		c.want("**")
		if _, ok := commonType(c.types[0], c.types[1]); !ok {
			panic(notSupported(c.f.p, "nullif with these arguments"))
		}
		return "nullif(" + c.join() + ")", c.types[0]
	},
	"if": func(c *call) (string, prestoType) {
		c.arity(2, 3)
		if c.types[0].raw != "boolean" && c.types[0].raw != "unknown" {
			panic(notSupported(c.f.p, "if with these arguments"))
		}
		rest := &call{g: c.g, f: c.f, args: c.args[1:], types: c.types[1:]}
		t := rest.common()
		els := "NULL"
		if len(c.args) == 3 {
			els = castTo(c.args[2], c.types[2], t)
		}
		return "(CASE WHEN " + c.args[0] + " THEN " + castTo(c.args[1], c.types[1], t) + " ELSE " + els + " END)", t
	},
	"typeof": func(c *call) (string, prestoType) {
		c.want("*")
		if c.types[0].raw == "" {
			panic(notSupported(c.f.p, "typeof of this expression"))
		}
		// Evaluated, so that typeof(sum(x)) stays an aggregate.
		return "(CASE WHEN (" + c.args[0] + ") IS NULL THEN " + quoteString(c.types[0].String()) + " ELSE " + quoteString(c.types[0].String()) + " END)", tVarchar
	},
}

func argOr(args []string, i int, def string) string {
	if i < len(args) {
		return ", " + args[i]
	}
	return ", " + def
}

func argOrText(args []string, i int, def string) string {
	if i < len(args) {
		return args[i]
	}
	return def
}

func castTo(sql string, from, to prestoType) string {
	if from.equal(to) || to.raw == "unknown" {
		return sql
	}
	return "CAST(" + sql + " AS " + duckType(to) + ")"
}

// common is the arguments' common type.
func (c *call) common() prestoType {
	t := tUnknown
	for _, a := range c.types {
		n, ok := commonType(t, a)
		if !ok {
			panic(notSupported(c.f.p, c.f.name+" with these arguments"))
		}
		t = n
	}
	return t
}

func (c *call) castArgs(t prestoType) string {
	out := make([]string, len(c.args))
	for i, a := range c.args {
		out[i] = castTo(a, c.types[i], t)
	}
	return strings.Join(out, ", ")
}

func extreme(duck string) fn {
	return func(c *call) (string, prestoType) {
		t := c.common()
		if !isNumeric(t) && !isString(t) && t.raw != "date" && t.raw != "timestamp" {
			panic(notSupported(c.f.p, c.f.name+" with these arguments"))
		}
		return duck + "(" + c.castArgs(t) + ")", t
	}
}

// asciiCase is lower/upper: DuckDB's mapping differs from Java's for some
// letters (ß), so only ASCII-only strings are answered.
func asciiCase(duck string) fn {
	return func(c *call) (string, prestoType) {
		c.want("s")
		return "memory.main.presto_ascii_" + duck + "(" + c.args[0] + ")", varcharOf(c.types[0])
	}
}

func trimFn(duck string) fn {
	return func(c *call) (string, prestoType) {
		c.want("s")
		// Presto trims whitespace; DuckDB's trim trims spaces: the same for the spaces students type.
		return duck + "(" + c.args[0] + ")", varcharOf(c.types[0])
	}
}

func padFn(duck string) fn {
	return func(c *call) (string, prestoType) {
		c.want("sis")
		return "memory.main.presto_" + duck + "(" + c.join() + ")", tVarchar
	}
}

func datePart(part string) fn {
	return func(c *call) (string, prestoType) {
		c.want("d")
		if c.types[0].raw == "date" && (part == "hour" || part == "minute" || part == "second") {
			panic(notSupported(c.f.p, c.f.name+" of a date"))
		}
		return "CAST(date_part('" + part + "', " + c.args[0] + ") AS BIGINT)", tBigint
	}
}

// literalArg is argument i's text when it is a string literal.
func (c *call) literalArg(i string, idx int) string {
	if lit, ok := c.f.args[idx].(*litExpr); ok && lit.kind == "string" {
		return lit.text
	}
	panic(notSupported(c.f.p, c.f.name+" with a "+i+" that is not a literal"))
}

var units = map[string]bool{"millisecond": true, "second": true, "minute": true, "hour": true, "day": true, "week": true, "month": true, "quarter": true, "year": true}

func (c *call) unit(i int) string {
	u := strings.ToLower(c.literalArg("unit", i))
	if !units[u] {
		what := "TIMESTAMP"
		if len(c.types) > 1 && c.types[len(c.types)-1].raw == "date" {
			what = "DATE"
		}
		panic(newError(errInvalidArgument, "'"+u+"' is not a valid "+what+" field", nil))
	}
	return quoteString(u)
}

// regex checks a regular expression literal: the syntax shared by Java's and RE2's.
func (c *call) regex(i int) string {
	re := c.literalArg("pattern", i)
	if strings.Contains(re, `\p`) || strings.Contains(re, `(?<`) || strings.Contains(re, `(?=`) || strings.Contains(re, `(?!`) || strings.Contains(re, `\G`) || strings.Contains(re, `\Z`) {
		panic(notSupported(c.f.p, "this regular expression"))
	}
	if _, err := regexp.Compile(re); err != nil {
		panic(notSupported(c.f.p, "this regular expression"))
	}
	return quoteString(re)
}

var reJSONPath = regexp.MustCompile(`^\$(\.[A-Za-z_][A-Za-z0-9_]*|\[[0-9]+\])*$`)

// jsonPath is argument i, a JSON path literal in the syntax Presto's and DuckDB's share.
func (c *call) jsonPath(i int) string {
	p := c.literalArg("JSON path", i)
	if !reJSONPath.MatchString(p) {
		panic(notSupported(c.f.p, "this JSON path"))
	}
	return quoteString(p)
}

var reJavaGroup = regexp.MustCompile(`\$(\d)|\\(.)`)

// replacement turns a Java replacement ($1, \$) into RE2's (\1, $).
func (c *call) replacement(i int) string {
	r := c.literalArg("replacement", i)
	if strings.Contains(r, "${") {
		panic(notSupported(c.f.p, "named groups in a replacement"))
	}
	out := reJavaGroup.ReplaceAllStringFunc(r, func(m string) string {
		if m[0] == '$' {
			return `\` + m[1:]
		}
		if m[1] == '\\' {
			return `\\`
		}
		return m[1:]
	})
	return quoteString(out)
}

// format turns a MySQL date format (Presto's date_format, date_parse) into strftime's.
func (c *call) format(i int) string {
	f := c.literalArg("format", i)
	var b strings.Builder
	for k := 0; k < len(f); k++ {
		if f[k] != '%' {
			b.WriteByte(f[k])
			continue
		}
		if k+1 >= len(f) {
			panic(notSupported(c.f.p, "this date format"))
		}
		k++
		switch f[k] {
		case 'Y':
			b.WriteString("%Y")
		case 'm':
			b.WriteString("%m")
		case 'd':
			b.WriteString("%d")
		case 'H':
			b.WriteString("%H")
		case 'i':
			b.WriteString("%M")
		case 's', 'S':
			b.WriteString("%S")
		case 'T':
			b.WriteString("%H:%M:%S")
		case '%':
			b.WriteString("%%")
		default:
			panic(notSupported(c.f.p, "the date format specifier %"+string(f[k])))
		}
	}
	return quoteString(b.String())
}

// aggregates are the aggregate functions: their DuckDB SQL and result type.
var aggregates = map[string]fn{
	"count": func(c *call) (string, prestoType) {
		if c.f.star {
			return "count(*){post}", tBigint
		}
		c.want("*")
		return "count(" + c.args[0] + "){post}", tBigint
	},
	"count_if": aggSimple("count_if", "b", tBigint),
	"sum": func(c *call) (string, prestoType) {
		c.arity(1)
		t := c.types[0]
		switch {
		case isIntegral(t):
			return "CAST(sum(" + c.args[0] + "){post} AS BIGINT)", tBigint
		case t.raw == "double" || t.raw == "real":
			return "sum(" + c.args[0] + "){post}", t
		case t.raw == "decimal":
			r := prestoType{raw: "decimal", params: []int{38, t.params[1]}}
			return "CAST(sum(" + c.args[0] + "){post} AS " + duckType(r) + ")", r
		}
		c.bad("sum(double) , sum(real) , sum(bigint) , sum(interval day to second) , sum(interval year to month) , sum(decimal(p,s)) ")
		return "", unknownType
	},
	"avg": func(c *call) (string, prestoType) {
		c.arity(1)
		t := c.types[0]
		if isIntegral(t) || t.raw == "double" {
			return "avg(CAST(" + c.args[0] + " AS DOUBLE)){post}", tDouble
		}
		panic(notSupported(c.f.p, "avg of "+t.String()))
	},
	"min": minMax("min"),
	"max": minMax("max"),
	"approx_distinct": func(c *call) (string, prestoType) {
		c.arity(1)
		return "count(DISTINCT " + c.args[0] + "){post}", tBigint
	},
	"max_by": func(c *call) (string, prestoType) { c.want("**"); return "arg_max(" + c.join() + "){post}", c.types[0] },
	"min_by": func(c *call) (string, prestoType) { c.want("**"); return "arg_min(" + c.join() + "){post}", c.types[0] },
	"array_agg": func(c *call) (string, prestoType) {
		c.want("*")
		return "array_agg(" + c.args[0] + "{order}){post}", prestoType{raw: "array", elems: []prestoType{c.types[0]}}
	},
	"bool_and": aggSimple("bool_and", "b", tBool),
	"bool_or":  aggSimple("bool_or", "b", tBool),
	"every":    aggSimple("bool_and", "b", tBool),
	"arbitrary": func(c *call) (string, prestoType) {
		c.want("*")
		return "any_value(" + c.args[0] + "){post}", c.types[0]
	},
	"stddev":   aggDouble("stddev_samp"),
	"variance": aggDouble("var_samp"),
}

func aggSimple(duck, kinds string, ret prestoType) fn {
	return func(c *call) (string, prestoType) {
		c.want(kinds)
		return duck + "(" + c.join() + "){post}", ret
	}
}

func aggDouble(duck string) fn {
	return func(c *call) (string, prestoType) {
		c.want("n")
		return duck + "(CAST(" + c.args[0] + " AS DOUBLE)){post}", tDouble
	}
}

func minMax(duck string) fn {
	return func(c *call) (string, prestoType) {
		c.want("*")
		return duck + "(" + c.args[0] + "){post}", c.types[0]
	}
}

// windowFunctions are the ranking and value window functions.
var windowFunctions = map[string]fn{
	"row_number":   func(c *call) (string, prestoType) { c.want(""); return "row_number()", tBigint },
	"rank":         func(c *call) (string, prestoType) { c.want(""); return "rank()", tBigint },
	"dense_rank":   func(c *call) (string, prestoType) { c.want(""); return "dense_rank()", tBigint },
	"ntile":        func(c *call) (string, prestoType) { c.want("i"); return "ntile(" + c.args[0] + ")", tBigint },
	"first_value":  func(c *call) (string, prestoType) { c.want("*"); return "first_value(" + c.args[0] + ")", c.types[0] },
	"last_value":   func(c *call) (string, prestoType) { c.want("*"); return "last_value(" + c.args[0] + ")", c.types[0] },
	"lag":          lagLead("lag"),
	"lead":         lagLead("lead"),
	"percent_rank": func(c *call) (string, prestoType) { c.want(""); return "percent_rank()", tDouble },
	"cume_dist":    func(c *call) (string, prestoType) { c.want(""); return "cume_dist()", tDouble },
}

func lagLead(duck string) fn {
	return func(c *call) (string, prestoType) {
		c.arity(1, 2, 3)
		t := c.types[0]
		args := []string{c.args[0]}
		if len(c.args) > 1 {
			args = append(args, c.args[1])
		}
		if len(c.args) > 2 {
			args = append(args, castTo(c.args[2], c.types[2], t))
		}
		return duck + "(" + strings.Join(args, ", ") + ")", t
	}
}

// prestoFunctions are other names Presto 0.287 has: refused, not "not registered".
var prestoFunctions = map[string]bool{}

func init() {
	for _, n := range strings.Fields(`acos asin atan atan2 cbrt cos cosh degrees e log log10 log2 pi radians rand random sign sin tan tanh
		truncate width_bucket to_base from_base bitwise_and bitwise_or bitwise_xor bit_count
		concat_ws levenshtein_distance hamming_distance normalize to_utf8 from_utf8 url_extract_host url_extract_path
		url_extract_query url_extract_parameter url_encode url_decode md5 sha1 sha256 sha512 to_hex from_hex to_base64 from_base64
		crc32 xxhash64 json_array_get
		json_array_contains json_size is_json_scalar array_distinct slice transform
		filter reduce map map_keys map_values map_entries map_from_entries array_union array_intersect array_except
		arrays_overlap array_remove repeat zip zip_with shuffle array_frequency any_match all_match none_match
		from_iso8601_date from_iso8601_timestamp to_iso8601 last_day_of_month week week_of_year quarter year_of_week
		yow millisecond timezone_hour timezone_minute at_timezone with_timezone current_timezone localtime parse_duration
		format_datetime parse_datetime to_milliseconds from_unixtime_nanos now approx_percentile approx_set merge
		checksum geometric_mean histogram map_agg multimap_agg numeric_histogram stddev_pop stddev_samp var_pop var_samp
		corr covar_pop covar_samp regr_slope regr_intercept kurtosis skewness bitwise_and_agg bitwise_or_agg reduce_agg
		set_agg set_union array_sort_desc nth_value word_stem strrev split_to_map split_to_multimap translate
		element_at position substring ngrams remove_nulls trail key_sampling_percent`) {
		prestoFunctions[n] = true
	}
}

// call generates a function call, an aggregate or a window function.
func (g *generator) call(f *funcExpr, sc *scope, sel *selectCtx) (string, prestoType) {
	name := f.name
	agg, isAgg := aggregates[name]
	win, isWin := windowFunctions[name]
	scalar, isScalar := functions[name]
	if !isAgg && !isWin && !isScalar {
		if prestoFunctions[name] {
			panic(notSupported(f.p, "the function "+name))
		}
		panic(newError(errSyntax, "Function "+name+" not registered", f.p.loc()))
	}
	if (isAgg || isWin) && f.over == nil && sel == nil && isAgg {
		panic(fail(f.p, "Aggregate function %s not allowed here", name))
	}
	c := &call{g: g, f: f}
	inner := sc
	lambdaArgs := false
	for _, a := range f.args {
		if _, ok := a.(*lambdaExpr); ok {
			lambdaArgs = true
		}
	}
	if lambdaArgs {
		panic(notSupported(f.p, "lambda expressions"))
	}
	argSel := sel
	if isAgg || isWin {
		argSel = nil // no aggregate inside an aggregate's arguments
	}
	for _, a := range f.args {
		s, t := g.expr(a, inner, argSel)
		c.args = append(c.args, s)
		c.types = append(c.types, t)
	}
	if f.star && name != "count" {
		panic(notSupported(f.p, name+"(*)"))
	}
	var sql string
	var t prestoType
	post := ""
	switch {
	case isWin && f.over != nil:
		sql, t = win(c)
	case isAgg:
		if f.distinct {
			if name != "count" && name != "sum" && name != "approx_distinct" {
				panic(notSupported(f.p, name+"(DISTINCT ...)"))
			}
			c.args[0] = "DISTINCT " + c.args[0]
		}
		sql, t = agg(c)
		order := ""
		if len(f.orderBy) > 0 {
			if !strings.Contains(sql, "{order}") {
				panic(notSupported(f.p, name+" with ORDER BY"))
			}
			order = " ORDER BY " + g.orderList(f.orderBy, sc)
		}
		sql = strings.ReplaceAll(sql, "{order}", order)
		if f.filter != nil {
			if f.over != nil {
				panic(notSupported(f.p, "FILTER with OVER"))
			}
			fs, _ := g.expr(f.filter, sc, nil)
			post = " FILTER (WHERE " + fs + ")"
		}
	case isScalar:
		if f.over != nil || f.distinct || f.filter != nil || len(f.orderBy) > 0 {
			panic(fail(f.p, "%s is not an aggregate function", name))
		}
		return scalar(c)
	default:
		panic(fail(f.p, "Window function %s requires an OVER clause", name))
	}
	if f.over != nil {
		var parts []string
		if len(f.over.partition) > 0 {
			var ps []string
			for _, p := range f.over.partition {
				s, _ := g.expr(p, sc, nil)
				ps = append(ps, s)
			}
			parts = append(parts, "PARTITION BY "+strings.Join(ps, ", "))
		}
		if len(f.over.orderBy) > 0 {
			parts = append(parts, "ORDER BY "+g.orderList(f.over.orderBy, sc))
		}
		if f.over.frame != "" {
			panic(notSupported(f.p, "window frames"))
		}
		post = " OVER (" + strings.Join(parts, " ") + ")"
	}
	if !strings.Contains(sql, "{post}") {
		sql += "{post}"
	}
	return strings.ReplaceAll(sql, "{post}", post), t
}

func (g *generator) orderList(items []orderItem, sc *scope) string {
	var out []string
	for _, it := range items {
		s, _ := g.expr(it.e, sc, nil)
		if it.desc {
			s += " DESC"
		} else {
			s += " ASC"
		}
		if it.nulls == "first" {
			s += " NULLS FIRST"
		} else {
			s += " NULLS LAST"
		}
		out = append(out, s)
	}
	return strings.Join(out, ", ")
}

// functionNames lists the functions the embedded server answers, for its README.
func functionNames() []string {
	var out []string
	for _, m := range []map[string]fn{functions, aggregates, windowFunctions} {
		for n := range m {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}
