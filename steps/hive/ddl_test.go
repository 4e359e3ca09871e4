package hive_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/hms"
	"github.com/fullstack-lab/fullstack-lab/steps/hive"
)

// newDatabase is a database of the test's own, dropped with its tables at the end.
func newDatabase(t *testing.T, s *harness.Stack, hs *hive.Session) string {
	t.Helper()
	db := s.Name("lab")
	t.Cleanup(func() { hs.Metastore.DropDatabase(db, true) })
	run(t, hs, "create database "+db)
	return db
}

// timings hides the hive CLI's "Time taken" lines.
func timings(out string) string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if !strings.HasPrefix(l, "Time taken: ") {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

// CREATE DATABASE, a table in db.name, SHOW TABLES in it, SHOW DATABASES, USE.
func TestDatabaseAndQualifiedTable(t *testing.T) {
	s := harness.Start(t)
	hs := session(t, s)
	db := newDatabase(t, s, hs)
	path := s.Path("/tmp/purchases")

	run(t, hs, "create database if not exists "+db)
	var out strings.Builder
	err := hs.Run("create database "+strings.ToUpper(db), &out)
	require.ErrorIs(t, err, hms.ErrAlreadyExists, "names are folded to lower case")
	assert.True(t, strings.HasPrefix(out.String(), "FAILED: Execution Error: "), out.String())

	got := run(t, hs, "create external table "+db+".Purchases (Accept string, Host string) stored as parquet location '"+path+"';\n"+
		"show tables in "+db+";\nshow databases")
	dbs := strings.Split(timings(got), "\n")
	assert.Equal(t, []string{"OK", "OK", "purchases", "OK"}, dbs[:4])
	assert.Contains(t, dbs[4:], db)
	assert.Contains(t, dbs[4:], "default")
	tbl, err := hs.Metastore.Table(db, "purchases")
	require.NoError(t, err)
	assert.Equal(t, db, tbl.DB)
	assert.Equal(t, hs.FS.URI(path), tbl.Location)
	tables, err := hs.Metastore.Tables("default")
	require.NoError(t, err)
	assert.NotContains(t, tables, "purchases", "the table is in its database only")

	assert.Equal(t, "OK\nOK\npurchases\n", timings(run(t, hs, "use "+db+"; show tables")))
	assert.Equal(t, "OK\nOK\n", timings(run(t, hs, "drop table purchases; show tables")), "USE made "+db+" the current database")
}

// Column comments, the table's comment, TBLPROPERTIES and PARTITIONED BY
// reach the metastore; DESCRIBE and DESCRIBE FORMATTED show them.
func TestCommentsPropertiesPartitions(t *testing.T) {
	s := harness.Start(t)
	hs := session(t, s)
	path, table := s.Path("/tmp/purchases"), s.Name("purchases")
	t.Cleanup(func() { hs.Metastore.DropTable("default", table) })
	run(t, hs, `create external table `+table+` (
  host string comment 'the Host header',
  n bigint COMMENT "n's count"
)
comment 'purchases by day'
partitioned by (dt string comment 'the day', hr int)
stored as parquet
location '`+path+`'
tblproperties ('parquet.compress'='SNAPPY', "lab.step"="hive")`)

	tbl, err := hs.Metastore.Table("default", table)
	require.NoError(t, err)
	assert.Equal(t, []hms.Column{{Name: "host", Type: "string", Comment: "the Host header"}, {Name: "n", Type: "bigint", Comment: "n's count"}}, tbl.Columns)
	assert.Equal(t, []hms.Column{{Name: "dt", Type: "string", Comment: "the day"}, {Name: "hr", Type: "int"}}, tbl.PartitionKeys)
	assert.Equal(t, "SNAPPY", tbl.Properties["parquet.compress"])
	assert.Equal(t, "hive", tbl.Properties["lab.step"])
	assert.Equal(t, "purchases by day", tbl.Properties["comment"])
	assert.True(t, tbl.IsExternal())
	assert.True(t, tbl.IsParquet())

	assert.Equal(t, "OK\n"+
		"host                \tstring              \tthe Host header\n"+
		"n                   \tbigint              \tn's count\n"+
		"dt                  \tstring              \tthe day\n"+
		"hr                  \tint\n"+
		"\n"+
		"# Partition Information\n"+
		"# col_name          \tdata_type           \tcomment\n"+
		"dt                  \tstring              \tthe day\n"+
		"hr                  \tint\n",
		timings(run(t, hs, "describe "+table)))

	formatted := strings.Split(timings(run(t, hs, "describe formatted default."+table)), "\n")
	assert.Equal(t, []string{"OK", "# col_name          \tdata_type           \tcomment",
		"host                \tstring              \tthe Host header"}, formatted[:3])
	for _, line := range []string{
		"# Partition Information",
		"# Detailed Table Information",
		"Database:           \tdefault",
		"Location:           \t" + hs.FS.URI(path),
		"Table Type:         \tEXTERNAL_TABLE",
		"Table Parameters:",
		"                    \tEXTERNAL            \tTRUE",
		"                    \tcomment             \tpurchases by day",
		"                    \tlab.step            \thive",
		"                    \tparquet.compress    \tSNAPPY",
		"# Storage Information",
		"SerDe Library:      \torg.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
		"InputFormat:        \torg.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
		"OutputFormat:       \torg.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
	} {
		assert.Contains(t, formatted, line)
	}
}

// Every Hive primitive type is accepted and comes back from the metastore as written.
func TestPrimitiveTypes(t *testing.T) {
	s := harness.Start(t)
	hs := session(t, s)
	path, table := s.Path("/tmp/types"), s.Name("types")
	types := []string{"tinyint", "smallint", "int", "bigint", "boolean", "float", "double", "decimal(10,2)",
		"string", "varchar(20)", "char(3)", "date", "timestamp", "binary"}
	var cols, want []string
	for i, typ := range types {
		cols = append(cols, fmt.Sprintf("c%d %s", i, strings.ToUpper(typ)))
		want = append(want, fmt.Sprintf("c%d %s", i, typ))
	}
	// Hive's spellings: INTEGER is int, DECIMAL alone is decimal(10,0), decimal(5) is decimal(5,0).
	cols = append(cols, "c_integer integer", "c_dec decimal", "c_dec5 decimal(5)")
	want = append(want, "c_integer int", "c_dec decimal(10,0)", "c_dec5 decimal(5,0)")
	t.Cleanup(func() { hs.Metastore.DropTable("default", table) })
	run(t, hs, "create external table "+table+" ("+strings.Join(cols, ", ")+") stored as parquet location '"+path+"'")

	tbl, err := hs.Metastore.Table("default", table)
	require.NoError(t, err)
	var got []string
	for _, c := range tbl.Columns {
		got = append(got, c.Name+" "+c.Type)
	}
	assert.Equal(t, want, got)

	rows := strings.Split(strings.TrimSuffix(timings(run(t, hs, "describe "+table)), "\n"), "\n")[1:]
	require.Len(t, rows, len(want))
	for i, r := range rows {
		assert.Equal(t, want[i], strings.Join(strings.Fields(r), " "))
	}
}

// Bad DDL: the error says what and where (line:column, the column 0-based as
// Hive's ParseException counts), and nothing reaches the metastore.
func TestBadDDLPositions(t *testing.T) {
	tests := []parseCase{
		{"no database name", "create database", "ParseException line 1:15 mismatched input '<EOF>' expecting a database name"},
		{"no location", "create external table t (a string)\nstored as parquet",
			"ParseException line 2:17 missing LOCATION: the table reads the Parquet files of a directory"},
		{"duplicate column", "create external table t (a string,\n  A int) stored as parquet location '/x'",
			"ParseException line 2:2 Duplicate column name: a"},
		{"partition column repeated", "create external table t (dt string) partitioned by (dt string) stored as parquet location '/x'",
			"ParseException line 1:52 Column repeated in partitioning columns: dt"},
		{"varchar without length", "create external table t (a varchar, b int) stored as parquet location '/x'",
			"ParseException line 1:34 mismatched input ',' expecting '(' and a length"},
		{"varchar too long", "create external table t (a varchar(65536)) stored as parquet location '/x'",
			"ParseException line 1:27 varchar length 65536 out of allowed range [1, 65535]"},
		{"char too long", "create external table t (a char(256)) stored as parquet location '/x'",
			"ParseException line 1:27 char length 256 out of allowed range [1, 255]"},
		{"decimal precision", "create external table t (a decimal(39,2)) stored as parquet location '/x'",
			"ParseException line 1:27 decimal precision 39 out of allowed range [1, 38]"},
		{"decimal scale", "create external table t (a decimal(5,6)) stored as parquet location '/x'",
			"ParseException line 1:27 decimal scale 6 must be less than or equal to precision 5"},
		{"arguments to int", "create external table t (a int(3)) stored as parquet location '/x'",
			"ParseException line 1:27 int takes no arguments"},
		{"property without value", "create external table t (a int) stored as parquet location '/x' tblproperties ('k')",
			"ParseException line 1:82 mismatched input ')' expecting '='"},
		{"drop without name", "drop table if exists", "ParseException line 1:20 mismatched input '<EOF>' expecting a table name"},
		{"show tables in nothing", "show tables in", "ParseException line 1:14 mismatched input '<EOF>' expecting a database name"},
		{"a character Hive does not take", "create external table t (a string) stored as parquet location '/x' ?",
			"ParseException line 1:67 character '?' not supported here"},
	}
	parseErrors(t, tests)
}

// A failing statement in the middle of a script: the ones before it ran, the
// ones after did not, and the error names its line in the script.
func TestScriptStopsAtTheFailure(t *testing.T) {
	s := harness.Start(t)
	hs := session(t, s)
	path, first, second := s.Path("/tmp/purchases"), s.Name("first"), s.Name("second")
	t.Cleanup(func() { hs.Metastore.DropTable("default", first) })
	t.Cleanup(func() { hs.Metastore.DropTable("default", second) })
	script := "create external table " + first + " (a string) stored as parquet location '" + path + "';\n" +
		"create external table bad (a string, a int) stored as parquet location '" + path + "';\n" +
		"create external table " + second + " (a string) stored as parquet location '" + path + "';\n"
	var out strings.Builder
	err := hs.Run(script, &out)
	assert.EqualError(t, err, "ParseException line 2:37 Duplicate column name: a")
	assert.Equal(t, "OK\nFAILED: ParseException line 2:37 Duplicate column name: a\n", timings(out.String()))
	tables, err := hs.Metastore.Tables("default")
	require.NoError(t, err)
	assert.Contains(t, tables, first)
	assert.NotContains(t, tables, second)
	assert.NotContains(t, tables, "bad")
}
