package presto

// More of Presto's functions: levenshtein_distance, last_day_of_month,
// array_distinct, slice, is_json_scalar, from_iso8601_date (of yyyy-mm-dd),
// url_extract_host (of plain URLs); and two names Presto 0.287 does not
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
	// Presto takes every ISO 8601 date form (2018, 2018-07, 2018-W29-6, 2018-202); here only yyyy-mm-dd.
	`CREATE MACRO presto_from_iso8601_date(s) AS CASE WHEN s IS NULL THEN NULL
		WHEN regexp_full_match(s, '[0-9]{4}-[0-9]{2}-[0-9]{2}') AND TRY_CAST(s AS DATE) IS NOT NULL THEN CAST(s AS DATE)
		ELSE error('NOT_SUPPORTED:from_iso8601_date of ' || s || ' is not supported by the embedded Presto') END`,
	// Presto parses with java.net.URI; here only scheme://host[:port][/?#...] without user info.
	`CREATE MACRO presto_url_extract_host(s) AS CASE WHEN s IS NULL THEN NULL
		WHEN regexp_full_match(s, '[A-Za-z][A-Za-z0-9+.-]*://[A-Za-z0-9.-]+(:[0-9]+)?([/?#][!-~]*)?') THEN regexp_extract(s, '://([A-Za-z0-9.-]+)', 1)
		ELSE error('NOT_SUPPORTED:url_extract_host of this URL is not supported by the embedded Presto') END`,
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
	functions["from_iso8601_date"] = func(c *call) (string, prestoType) {
		c.want("s")
		return "memory.main.presto_from_iso8601_date(" + c.args[0] + ")", tDate
	}
	functions["url_extract_host"] = func(c *call) (string, prestoType) {
		c.want("s")
		t := varcharOf(c.types[0])
		if c.types[0].raw == "unknown" {
			t = prestoType{raw: "varchar", params: []int{0}} // NULL binds varchar(x) with x = 0
		}
		return "memory.main.presto_url_extract_host(" + c.args[0] + ")", t
	}
	functions["is_json_scalar"] = func(c *call) (string, prestoType) {
		c.want("*")
		if t := c.types[0].raw; t != "varchar" && t != "json" && t != "unknown" {
			panic(notSupported(c.f.p, c.f.name+" with these arguments"))
		}
		return "memory.main.presto_is_json_scalar(CAST(" + c.args[0] + " AS VARCHAR))", tBoolean
	}
}
