package presto

// More of Presto's functions: levenshtein_distance, last_day_of_month,
// array_distinct, slice, is_json_scalar; and two names Presto 0.287 does not
// have at all (concat_ws, substring: "Function x not registered").

var moreMacros = []string{
	// Presto counts code points; DuckDB's levenshtein is asked only for ASCII.
	`CREATE MACRO presto_levenshtein(a, b) AS CASE WHEN regexp_matches(a || b, '[^\x01-\x7F]') THEN error('NOT_SUPPORTED:levenshtein_distance of non-ASCII text is not supported by the embedded Presto') ELSE CAST(levenshtein(a, b) AS BIGINT) END`,
	// The first of each value, in order, NULL kept once.
	`CREATE MACRO presto_array_distinct(l) AS list_filter(l, (x, i) -> list_position(l, x) = i)`,
	`CREATE MACRO presto_slice(l, s, n) AS CASE WHEN s = 0 THEN error('INVALID_FUNCTION_ARGUMENT:SQL array indices start at 1')
		WHEN n < 0 THEN error('INVALID_FUNCTION_ARGUMENT:length must be greater than or equal to 0')
		WHEN s > 0 THEN list_slice(l, s, s + n - 1)
		WHEN len(l) + s < 0 THEN list_slice(l, 1, 0)
		ELSE list_slice(l, len(l) + s + 1, len(l) + s + n) END`,
	`CREATE MACRO presto_is_json_scalar(s) AS CASE WHEN NOT json_valid(s) THEN error('NOT_SUPPORTED:is_json_scalar of invalid JSON is not supported by the embedded Presto')
		ELSE json_type(s) NOT IN ('ARRAY', 'OBJECT') END`,
}

func init() {
	macros = append(macros, moreMacros...)
	delete(prestoFunctions, "concat_ws")
	delete(prestoFunctions, "substring")

	functions["levenshtein_distance"] = simple("memory.main.presto_levenshtein", "ss", tBigint)
	functions["last_day_of_month"] = func(c *call) (string, prestoType) {
		c.want("d")
		return "CAST(last_day(" + c.args[0] + ") AS DATE)", tDate
	}
	functions["array_distinct"] = func(c *call) (string, prestoType) {
		c.want("a")
		return "memory.main.presto_array_distinct(" + c.args[0] + ")", c.types[0]
	}
	functions["slice"] = func(c *call) (string, prestoType) {
		c.want("aii")
		return "memory.main.presto_slice(" + c.args[0] + ", " + c.args[1] + ", " + c.args[2] + ")", c.types[0]
	}
	functions["is_json_scalar"] = func(c *call) (string, prestoType) {
		c.want("*")
		if t := c.types[0].raw; t != "varchar" && t != "json" && t != "unknown" {
			panic(notSupported(c.f.p, c.f.name+" with these arguments"))
		}
		return "memory.main.presto_is_json_scalar(CAST(" + c.args[0] + " AS VARCHAR))", tBoolean
	}
}
