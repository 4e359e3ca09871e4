package main

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/classdata"
	"github.com/fullstack-lab/fullstack-lab/harness/hms"
	"github.com/fullstack-lab/fullstack-lab/steps/hive"
)

// hiveShellOn is a hive shell on the stack, with the class's purchases table (20 rows) as table.
func hiveShellOn(t *testing.T, s *harness.Stack, table string) *hiveShell {
	t.Helper()
	fsys, err := s.OpenWarehouse()
	require.NoError(t, err)
	t.Cleanup(func() { fsys.Close() })
	ms, err := hms.Dial(s.Metastore)
	require.NoError(t, err)
	t.Cleanup(func() { ms.Close() })
	dir := s.Path("/tmp/purchases")
	require.NoError(t, classdata.WritePurchases(fsys, dir, classdata.Purchases()))
	require.NoError(t, ms.CreateTable(classdata.PurchasesTable("default", table, fsys.URI(dir))))
	return &hiveShell{Session: &hive.Session{Metastore: ms, FS: fsys, DB: "default"}, Presto: s.Presto}
}

var timeTaken = regexp.MustCompile(`Time taken: \d+\.\d{3} seconds`)

// The class's hive session: SELECTs at the hive> prompt are answered by the
// stack's Presto in the hive CLI's form; DDL still goes to the metastore.
func TestHivePromptSelect(t *testing.T) {
	s := harness.Start(t)
	table := s.Name("purchases")
	sh := hiveShellOn(t, s, table)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	in := strings.NewReader("select Host, count(*) from " + table + "\n  where `event_type` = \"purchase_sword\"\n  group by Host order by Host;\n" +
		"use default;\n" +
		"select nope from " + table + ";\n" +
		"quit;\n")
	var out strings.Builder
	require.NoError(t, sh.prompt(ctx, in, &out))
	got := timeTaken.ReplaceAllString(out.String(), "Time taken: T seconds")
	assert.Equal(t, "hive> "+"    > "+"    > "+"OK\n"+
		"user1.comcast.com\t10\n"+
		"user2.att.com\t10\n"+
		"Time taken: T seconds, Fetched: 2 row(s)\n"+
		"hive> OK\nTime taken: T seconds\n"+
		"hive> FAILED: SemanticException line 1:8: Column 'nope' cannot be resolved (SYNTAX_ERROR, from the stack's Presto)\n"+
		"hive> ", got)
}

// The class's PySpark CTAS, in lab hive: the SELECT runs on Presto, its rows
// land as Parquet at the location, and the table over them reads them back.
func TestHiveCTAS(t *testing.T) {
	s := harness.Start(t)
	table := s.Name("purchases")
	sh := hiveShellOn(t, s, table)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	events, loc := s.Name("purchase_events"), s.Path("/tmp/purchase_events")
	var out strings.Builder
	require.NoError(t, sh.run(ctx, "create external table "+events+" stored as parquet location '"+loc+"' as select * from "+table, &out), out.String())
	assert.Regexp(t, `^Moving data to directory (file|hdfs)://\S*`+regexp.QuoteMeta(loc)+`\nTable default\.`+events+` stats: \[numFiles=1, numRows=20, totalSize=\d+, rawDataSize=0\]\nOK\nTime taken: \d+\.\d{3} seconds\n$`, out.String())

	tbl, err := sh.Session.Metastore.Table("default", events)
	require.NoError(t, err)
	var cols []string
	for _, c := range tbl.Columns {
		cols = append(cols, c.Name+" "+c.Type)
	}
	assert.Equal(t, []string{"accept string", "host string", "user-agent string", "event_type string", "timestamp string"}, lower(cols))

	out.Reset()
	require.NoError(t, sh.run(ctx, "select count(*), min(`timestamp`) from "+events, &out))
	assert.Contains(t, out.String(), "OK\n20\t"+classdata.T0.Format("2006-01-02 15:04:05.000")[:19])

	out.Reset()
	err = sh.run(ctx, "create table "+events+" stored as parquet as select 1 as x", &out)
	require.Error(t, err)
	assert.Equal(t, "FAILED: Execution Error: AlreadyExistsException(message:Table default."+events+" already exists)\n", out.String())
	out.Reset()
	require.NoError(t, sh.run(ctx, "create table if not exists "+events+" as select 1 as x", &out))
	out.Reset()
	err = sh.run(ctx, "create table "+s.Name("other")+" stored as parquet location '"+loc+"' as select 1 as x", &out)
	require.Error(t, err)
	assert.Contains(t, out.String(), "is not empty: remove it (lab fs -rm -r "+loc+") or give another LOCATION")
}

func lower(xs []string) []string {
	for i := range xs {
		xs[i] = strings.ToLower(xs[i])
	}
	return xs
}

func TestHiveToPresto(t *testing.T) {
	assert.Equal(t, `select "User-Agent" from t where host = 'user1' and x = 'it''s'`, hiveToPresto("select `User-Agent` from t where host = \"user1\" and x = 'it\\'s'"))
}
