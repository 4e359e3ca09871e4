package presto

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAlignedLikeTheClass(t *testing.T) {
	res := Result{
		Columns: []Column{{"Column", "varchar"}, {"Type", "varchar"}, {"Comment", "varchar"}},
		Rows: [][]any{{"accept", "varchar", ""}, {"host", "varchar", ""}, {"user-agent", "varchar", ""},
			{"event_type", "varchar", ""}, {"timestamp", "varchar", ""}},
	}
	var b bytes.Buffer
	require.NoError(t, Print(&b, Aligned, res))
	// The class's `describe purchases` (Presto 0.x), byte for byte.
	assert.Equal(t, `   Column   |  Type   | Comment 
------------+---------+---------
 accept     | varchar |         
 host       | varchar |         
 user-agent | varchar |         
 event_type | varchar |         
 timestamp  | varchar |         
(5 rows)
`, b.String())
}

func TestFormatValue(t *testing.T) {
	for _, tc := range []struct {
		v    any
		typ  string
		want string
	}{
		{nil, "varchar", "NULL"},
		{json.Number("9007199254740993"), "bigint", "9007199254740993"},
		{json.Number("1"), "double", "1.0"},
		{json.Number("10000000"), "double", "1.0E7"},
		{json.Number("0.00015"), "double", "1.5E-4"},
		{"NaN", "double", "NaN"},
		{"2.50", "decimal(5,2)", "2.50"},
		{"YWI=", "varbinary", "61 62"},
		{[]any{json.Number("1"), nil}, "array(integer)", "[1, null]"}, // the real CLI 0.287: Java's null inside an array
		{map[string]any{"b": json.Number("2"), "a": json.Number("1")}, "map(varchar, integer)", "{a=1, b=2}"},
		{[]any{json.Number("1"), "x"}, `row(a integer, "b c" varchar)`, "{a=1, b c=x}"},
		{true, "boolean", "true"},
	} {
		assert.Equal(t, tc.want, formatValue(tc.v, tc.typ, "NULL"), "formatValue(%v, %s)", tc.v, tc.typ)
	}
}

func TestSplit(t *testing.T) {
	for _, tc := range []struct {
		text  string
		stmts []string
		rest  string
	}{
		{"show tables;", []string{"show tables"}, ""},
		{"select ';' from t; select 2", []string{"select ';' from t"}, " select 2"},
		{"select 1 -- a ; comment\n;", []string{"select 1 -- a ; comment"}, ""},
		{"select /* ; */ 1;;", []string{"select /* ; */ 1"}, ""},
		{"select 'open;", nil, "select 'open;"},
		{`select "a;b" from t;`, []string{`select "a;b" from t`}, ""},
		{"-- only a comment\n;", nil, ""},
	} {
		stmts, rest := Split(tc.text)
		assert.Equal(t, tc.stmts, stmts, "Split(%q)", tc.text)
		assert.Equal(t, tc.rest, rest, "Split(%q) rest", tc.text)
	}
}

func TestPrompt(t *testing.T) {
	p, more := prompt("default")
	assert.Equal(t, "presto:default> ", p)
	assert.Equal(t, "             -> ", more)
	assert.Len(t, more, len(p))
}

func TestUnknownFormat(t *testing.T) {
	_, err := NewPrinter("XML", nil)
	require.ErrorIs(t, err, ErrUnknownFormat)
	assert.EqualError(t, err, `unknown output format "XML" (one of ALIGNED, VERTICAL, CSV, CSV_HEADER, TSV, TSV_HEADER, JSON, NULL)`)
}

// TestJSONVarbinary: the real CLI 0.287 prints a varbinary as its hex dump in JSON too.
func TestJSONVarbinary(t *testing.T) {
	var b strings.Builder
	p, err := NewPrinter(JSON, &b)
	require.NoError(t, err)
	cols := []Column{{Name: "_col0", Type: "varbinary"}, {Name: "n", Type: "varbinary"}}
	require.NoError(t, p.Row(cols, []any{"DMF1ucDxtqgxw5niaXcmYQ==", nil}))
	require.NoError(t, p.Finish(cols))
	assert.Equal(t, `{"_col0":"0c c1 75 b9 c0 f1 b6 a8 31 c3 99 e2 69 77 26 61","n":null}`+"\n", b.String())
}
