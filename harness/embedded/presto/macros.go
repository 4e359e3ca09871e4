package presto

// macros are the DuckDB macros the generated SQL calls where Presto's
// semantics differ from DuckDB's functions; made before the configuration is
// locked. error('CODE:message') fails the query with Presto's error CODE
// (see translateDuckError).
var macros = []string{
	// Integer division truncates and fails on zero (DuckDB's // gives NULL).
	`CREATE MACRO presto_idiv(a, b) AS CASE WHEN b = 0 THEN error('DIVISION_BY_ZERO:/ by zero') ELSE a // b END`,
	`CREATE MACRO presto_imod(a, b) AS CASE WHEN b = 0 THEN error('DIVISION_BY_ZERO:/ by zero') ELSE a % b END`,
	`CREATE MACRO presto_subscript(l, i) AS CASE WHEN i < 1 THEN error('INVALID_FUNCTION_ARGUMENT:SQL array indices start at 1')
		WHEN i > len(l) THEN error('INVALID_FUNCTION_ARGUMENT:Array subscript out of bounds') ELSE list_extract(l, i) END`,
	`CREATE MACRO presto_element_at(l, i) AS CASE WHEN i = 0 THEN error('INVALID_FUNCTION_ARGUMENT:SQL array indices start at 1')
		WHEN abs(i) > len(l) THEN NULL ELSE list_extract(l, i) END`,
	`CREATE MACRO presto_date(s) AS CASE WHEN s IS NOT NULL AND (NOT regexp_matches(s, '^\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\s*$') OR TRY_CAST(trim(s) AS DATE) IS NULL)
		THEN error('INVALID_CAST_ARGUMENT:Value cannot be cast to date: ' || s) ELSE TRY_CAST(trim(s) AS DATE) END`,
	`CREATE MACRO presto_timestamp(s) AS CASE WHEN s IS NOT NULL AND (NOT regexp_matches(s, '^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}( [0-9]{1,2}:[0-9]{1,2}(:[0-9]{1,2}(\.[0-9]{1,3})?)?)?$') OR TRY_CAST(s AS TIMESTAMP) IS NULL)
		THEN error('INVALID_CAST_ARGUMENT:Value cannot be cast to timestamp: ' || s) ELSE TRY_CAST(s AS TIMESTAMP) END`,
	`CREATE MACRO presto_to_tinyint(x) AS CASE WHEN round(x) < -128 OR round(x) > 127 THEN error('NUMERIC_VALUE_OUT_OF_RANGE:Out of range for tinyint: ' || CAST(x AS VARCHAR)) ELSE CAST(round(x) AS TINYINT) END`,
	`CREATE MACRO presto_to_smallint(x) AS CASE WHEN round(x) < -32768 OR round(x) > 32767 THEN error('NUMERIC_VALUE_OUT_OF_RANGE:Out of range for smallint: ' || CAST(x AS VARCHAR)) ELSE CAST(round(x) AS SMALLINT) END`,
	`CREATE MACRO presto_to_integer(x) AS CASE WHEN round(x) < -2147483648 OR round(x) > 2147483647 THEN error('NUMERIC_VALUE_OUT_OF_RANGE:Out of range for integer: ' || CAST(x AS VARCHAR)) ELSE CAST(round(x) AS INTEGER) END`,
	`CREATE MACRO presto_to_bigint(x) AS CASE WHEN round(x) < -9223372036854775808 OR round(x) > 9223372036854775807 THEN error('NUMERIC_VALUE_OUT_OF_RANGE:Out of range for bigint: ' || CAST(x AS VARCHAR)) ELSE CAST(round(x) AS BIGINT) END`,
	`CREATE MACRO presto_varchar_to_integer(s) AS CASE WHEN s IS NOT NULL AND (NOT regexp_matches(s, '^[+-]?[0-9]{1,10}$') OR TRY_CAST(s AS INTEGER) IS NULL)
		THEN error('INVALID_CAST_ARGUMENT:Cannot cast ''' || s || ''' to INT') ELSE CAST(s AS INTEGER) END`,
	`CREATE MACRO presto_varchar_to_bigint(s) AS CASE WHEN s IS NOT NULL AND (NOT regexp_matches(s, '^[+-]?[0-9]{1,19}$') OR TRY_CAST(s AS BIGINT) IS NULL)
		THEN error('INVALID_CAST_ARGUMENT:Cannot cast ''' || s || ''' to BIGINT') ELSE CAST(s AS BIGINT) END`,
	`CREATE MACRO presto_substr(s, st, n) AS CASE WHEN st = 0 OR abs(st) > length(s) OR n <= 0 THEN ''
		WHEN st > 0 THEN substr(s, st, n) ELSE substr(s, length(s) + st + 1, n) END`,
	`CREATE MACRO presto_split_part(s, d, i) AS CASE WHEN i <= 0 THEN error('INVALID_FUNCTION_ARGUMENT:Index must be greater than zero')
		ELSE list_extract(string_split(s, d), i) END`,
	`CREATE MACRO presto_chr(n) AS CASE WHEN n < 0 OR n > 1114111 THEN error('INVALID_FUNCTION_ARGUMENT:Not a valid Unicode code point: ' || CAST(n AS VARCHAR)) ELSE chr(CAST(n AS INTEGER)) END`,
	`CREATE MACRO presto_ascii_upper(s) AS CASE WHEN regexp_matches(s, '[^\x01-\x7F]') THEN error('NOT_SUPPORTED:upper of non-ASCII text is not supported by the embedded Presto') ELSE upper(s) END`,
	`CREATE MACRO presto_ascii_lower(s) AS CASE WHEN regexp_matches(s, '[^\x01-\x7F]') THEN error('NOT_SUPPORTED:lower of non-ASCII text is not supported by the embedded Presto') ELSE lower(s) END`,
	`CREATE MACRO presto_lpad(s, n, p) AS CASE WHEN n < 0 OR n > 2147483647 THEN error('INVALID_FUNCTION_ARGUMENT:Target length must be in the range [0..2147483647]')
		WHEN p = '' THEN error('INVALID_FUNCTION_ARGUMENT:Padding string must not be empty') ELSE lpad(s, CAST(n AS INTEGER), p) END`,
	`CREATE MACRO presto_rpad(s, n, p) AS CASE WHEN n < 0 OR n > 2147483647 THEN error('INVALID_FUNCTION_ARGUMENT:Target length must be in the range [0..2147483647]')
		WHEN p = '' THEN error('INVALID_FUNCTION_ARGUMENT:Padding string must not be empty') ELSE rpad(s, CAST(n AS INTEGER), p) END`,
	`CREATE MACRO presto_sequence(a, b, st) AS CASE WHEN st = 0 THEN error('INVALID_FUNCTION_ARGUMENT:step must not be zero')
		WHEN (b - a) // st + 1 > 10000 THEN error('INVALID_FUNCTION_ARGUMENT:result of sequence function must not have more than 10000 entries')
		WHEN (b - a) * st < 0 THEN error('INVALID_FUNCTION_ARGUMENT:sequence stop value should be greater than or equal to start value if step is greater than zero otherwise stop should be less than or equal to start')
		ELSE generate_series(a, b, st) END`,
	`CREATE MACRO presto_from_unixtime(x) AS CASE WHEN abs(x) > 1e11 THEN error('NOT_SUPPORTED:from_unixtime of a time this far is not supported by the embedded Presto')
		ELSE make_timestamp(CAST(round(x * 1000) * 1000 AS BIGINT)) END`,
}
