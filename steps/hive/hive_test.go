package hive_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/classdata"
	"github.com/fullstack-lab/fullstack-lab/harness/hms"
	"github.com/fullstack-lab/fullstack-lab/steps/hive"
)

// The class's DDL over /tmp/purchases: schema on read. Its User_Agent reads
// NULL, as the Parquet column is User-Agent; the inferred DDL reads the values.
func TestClassDDLAndInferred(t *testing.T) {
	s := harness.Start(t)
	hs := session(t, s)
	path, table, inferred := s.Path("/tmp/purchases"), s.Name("purchases2"), s.Name("purchases")
	extractPurchases(t, s, hs, path)

	out := run(t, hs, classdata.DDL(table, path))
	assert.Equal(t, "OK\n", out[:3])
	tbl, err := hs.Metastore.Table("default", table)
	require.NoError(t, err)
	assert.Equal(t, []hms.Column{{Name: "accept", Type: "string"}, {Name: "host", Type: "string"},
		{Name: "user_agent", Type: "string"}, {Name: "event_type", Type: "string"}, {Name: "timestamp", Type: "string"}}, tbl.Columns)
	assert.Equal(t, hs.FS.URI(path), tbl.Location)
	assert.True(t, tbl.IsExternal())
	assert.Equal(t, "SNAPPY", tbl.Properties["parquet.compress"])

	res := s.Query(t, "select host, user_agent from "+table+" order by host")
	require.Len(t, res, 20)
	assert.Equal(t, strings.Repeat("user1.comcast.com ", 10)+strings.Repeat("user2.att.com ", 10), strings.Join(column(res, 0), " ")+" ")
	assert.Equal(t, strings.Fields(strings.Repeat("NULL ", 20)), column(res, 1), "User_Agent is not the file's User-Agent: NULL")

	st, err := hive.Infer(hs.FS, path, "default", inferred)
	require.NoError(t, err)
	ddl := st.DDL()
	assert.Contains(t, ddl, "`User-Agent` string")
	run(t, hs, ddl)
	res = s.Query(t, `select "user-agent", count(*) from `+inferred+` group by 1`)
	assert.Equal(t, [][]string{{"ApacheBench/2.3", "20"}}, res)
}

// A table created before its data exists reads nothing, then what extract writes.
func TestTableBeforeData(t *testing.T) {
	s := harness.Start(t)
	hs := session(t, s)
	path, table := s.Path("/tmp/purchases"), s.Name("purchases2")
	run(t, hs, classdata.DDL(table, path))
	res := s.Query(t, "select count(*) from "+table)
	assert.Equal(t, "0", res[0][0])

	extractPurchases(t, s, hs, path)
	res = s.Query(t, "select count(*) from "+table)
	assert.Equal(t, "20", res[0][0], "the new files join the table with no DDL")
}

func TestDropAndRecreate(t *testing.T) {
	s := harness.Start(t)
	hs := session(t, s)
	path, table := s.Path("/tmp/purchases"), s.Name("purchases2")
	extractPurchases(t, s, hs, path)
	run(t, hs, classdata.DDL(table, path))

	// IF NOT EXISTS on an existing table is fine; without it, an error.
	run(t, hs, classdata.DDL(table, path))
	var out strings.Builder
	err := hs.Run(strings.Replace(classdata.DDL(table, path), "if not exists ", "", 1), &out)
	require.ErrorIs(t, err, hms.ErrAlreadyExists)
	assert.True(t, strings.HasPrefix(out.String(), "FAILED: Execution Error: "), out.String())

	out.Reset()
	require.NoError(t, hs.Run("drop table "+table+"; show tables", &out))
	assert.NotContains(t, out.String(), table+"\n")
	// The files stay: the table was external.
	_, err = hs.FS.Stat(path)
	require.NoError(t, err)
	run(t, hs, classdata.DDL(table, path))
	res := s.Query(t, "select count(*) from "+table)
	assert.Equal(t, "20", res[0][0])

	run(t, hs, "drop table if exists "+s.Name("never_was"))
	err = hs.Run("drop table "+s.Name("never_was"), &out)
	require.ErrorIs(t, err, hms.ErrNotFound)
}

func TestBadDDL(t *testing.T) {
	tests := []parseCase{
		{"not a statement", "select * from purchases", "ParseException line 1:0 cannot recognize input near 'select' '*' 'from'"},
		{"a complex type", "create external table t (a map<string,int>) stored as parquet location '/x'",
			"ParseException line 1:27 type map is not supported: the lab takes Hive's primitive types (string, int, bigint, double, boolean, timestamp, decimal(p,s), ...)"},
		{"not parquet", "create external table t (a string) stored as orc location '/x'",
			"ParseException line 1:45 STORED AS ORC is not supported: the lab reads PARQUET tables"},
		{"no storage", "create external table t (a string) location '/x'",
			"ParseException line 1:48 missing STORED AS PARQUET: the lab reads PARQUET tables"},
		{"missing comma, second line", "create external table t (a string\n b string) stored as parquet location '/x'",
			"ParseException line 2:1 mismatched input 'b' expecting ',' or ')'"},
		{"unterminated string", "create external table t (a string) stored as parquet location '/x",
			"ParseException line 1:62 unterminated ' quote"},
		{"CTAS", "create external table t as select 1", "ParseException line 1:24 AS is not supported here: declare the columns (schema on read), or use `lab hive infer`"},
	}
	parseErrors(t, tests)
}

// Statements of a script start where they are: errors name the script's line.
func TestScriptPositions(t *testing.T) {
	s := harness.Start(t)
	hs := session(t, s)
	var out strings.Builder
	err := hs.Run("show databases;\n-- a comment; with a semicolon\nshow tables;\n\ndescribe;", &out)
	require.Error(t, err)
	assert.EqualError(t, err, "ParseException line 5:8 mismatched input '<EOF>' expecting a table name")
	// the databases (default among those of other tests on a shared stack), then the tables
	assert.True(t, strings.HasPrefix(out.String(), "OK\n"), out.String())
	assert.Contains(t, out.String(), "\ndefault\n")
	assert.Regexp(t, `Fetched: \d+ row\(s\)\nOK\n`, out.String(), "show tables ran after show databases")
	assert.Contains(t, out.String(), "FAILED: ParseException line 5:8")
}

// The metastore restarts in the middle: the tables are still there and the
// session's client reconnects by itself.
// The catalog outlives a metastore restart: the session's client reconnects,
// the table is still there with its data, a dropped one stays dropped.
// (make test-local runs the tests named *Restart* after the others: the
// restart takes the metastore away from every test using the shared stack.)
func TestMetastoreRestart(t *testing.T) {
	s := harness.Start(t)
	hs := session(t, s)
	path, table := s.Path("/tmp/purchases"), s.Name("purchases2")
	extractPurchases(t, s, hs, path)
	run(t, hs, classdata.DDL(table, path))
	s.Restart(t, "metastore")
	out := run(t, hs, "show tables")
	assert.Contains(t, out, table+"\n")
	res := s.Query(t, "select count(*) from "+table)
	assert.Equal(t, "20", res[0][0], "Presto reads the table through the restarted metastore")
	run(t, hs, "drop table "+table)
	s.Restart(t, "metastore")
	out = run(t, hs, "show tables")
	assert.NotContains(t, out, table+"\n")
}
