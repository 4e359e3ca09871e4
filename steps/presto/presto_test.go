package presto_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/steps/presto"
)

func TestShowTablesDescribeSelect(t *testing.T) {
	s := harness.Start(t)
	table := purchasesTable(t, s)
	c := connect(t, s)

	res := query(t, c, "show tables")
	require.Equal(t, []presto.Column{{Name: "Table", Type: "varchar"}}, res.Columns)
	assert.Contains(t, res.Rows, []any{table})

	res = query(t, c, "describe "+table)
	require.Len(t, res.Columns, 4)
	assert.Equal(t, []string{"Column", "Type", "Extra", "Comment"}, names(res.Columns))
	var cols [][]any
	for _, r := range res.Rows {
		cols = append(cols, r[:2])
	}
	assert.Equal(t, [][]any{{"accept", "varchar"}, {"host", "varchar"}, {"user-agent", "varchar"},
		{"event_type", "varchar"}, {"timestamp", "varchar"}}, cols)

	res = query(t, c, "select * from "+table+" order by timestamp")
	assert.Equal(t, []string{"accept", "host", "user-agent", "event_type", "timestamp"}, names(res.Columns))
	require.Len(t, res.Rows, 20)
	// The 11th event of the topic is the first sword purchase: t0 + 30ms.
	assert.Equal(t, []any{"*/*", "user1.comcast.com", "ApacheBench/2.3", "purchase_sword", "2018-04-04 22:36:13.154"}, res.Rows[0])
	assert.Equal(t, []any{"*/*", "user2.att.com", "ApacheBench/2.3", "purchase_sword", "2018-04-04 22:36:13.241"}, res.Rows[19])
}

func TestGroupByHostMatchesWhatBenchSent(t *testing.T) {
	s := harness.Start(t)
	table := purchasesTable(t, s)
	c := connect(t, s)
	res := query(t, c, "select host, count(*) from "+table+" group by host order by host")
	assert.Equal(t, []presto.Column{{Name: "host", Type: "varchar"}, {Name: "_col1", Type: "bigint"}}, res.Columns)
	assert.Equal(t, [][]any{{"user1.comcast.com", json.Number("10")}, {"user2.att.com", json.Number("10")}}, res.Rows)
}

func TestSQLErrorIsAPrestoError(t *testing.T) {
	s := harness.Start(t)
	c := connect(t, s)
	missing := s.Name("nope")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := c.Query(ctx, "select * from "+missing)
	var qe *presto.QueryError
	require.ErrorAs(t, err, &qe)
	assert.NotEmpty(t, qe.QueryID)
	// Presto names a missing table of a query without a location.
	assert.Equal(t, "Table hive.default."+missing+" does not exist", qe.Message)
	assert.Equal(t, "Query "+qe.QueryID+" failed: "+qe.Message, err.Error())
	assert.Equal(t, 0, qe.Line)
	assert.Equal(t, 0, qe.Column)
	require.NoError(t, ctx.Err(), "the client hung")

	_, err = c.Query(ctx, "selec 1")
	require.ErrorAs(t, err, &qe)
	assert.Equal(t, "SYNTAX_ERROR", qe.Name)
	assert.True(t, strings.HasPrefix(qe.Message, "line 1:1: mismatched input 'selec'"), qe.Message)
	assert.Equal(t, 1, qe.Line)
	assert.Equal(t, 1, qe.Column)
}

func TestCancelLongQuery(t *testing.T) {
	s := harness.Start(t)
	table := purchasesTable(t, s)
	c := connect(t, s)
	// 20^12 rows: far longer than the test.
	from := strings.Repeat(table+" a, ", 11) + table + " b"
	for i := range 12 {
		from = strings.Replace(from, " a,", " t"+string(rune('a'+i))+",", 1)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	start := time.Now()
	res, err := c.Query(ctx, "select count(*) from "+from)
	var qe *presto.QueryError
	require.ErrorAs(t, err, &qe, "err = %v", err)
	assert.Equal(t, "USER_CANCELED", qe.Name)
	assert.Less(t, time.Since(start), 10*time.Second)
	require.NotEmpty(t, res.QueryID)

	// The client's DELETE stopped the query on the server, as canceled by its user.
	var state, code string
	require.Eventually(t, func() bool {
		state, code = queryState(s.Presto, res.QueryID)
		return state == "FAILED"
	}, 30*time.Second, 50*time.Millisecond, "query %s: state %s", res.QueryID, state)
	assert.Equal(t, "USER_CANCELED", code, "the server's error code of the canceled query")
}

// queryState reads a query's state and error code from the coordinator's /v1/query/{id}.
func queryState(server, id string) (state, errorCode string) {
	req, _ := http.NewRequest("GET", server+"/v1/query/"+id, nil)
	req.Header.Set("X-Presto-User", "lab")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", ""
	}
	defer resp.Body.Close()
	var info struct {
		State     string
		ErrorCode struct{ Name string } `json:"errorCode"`
	}
	json.NewDecoder(resp.Body).Decode(&info)
	return info.State, info.ErrorCode.Name
}

func TestCLIExecuteAligned(t *testing.T) {
	s := harness.Start(t)
	table := purchasesTable(t, s)
	var out bytes.Buffer
	err := presto.Run(context.Background(), presto.Config{Server: s.Presto, Catalog: "hive", Schema: "default",
		Execute: "select host, count(*) as n from " + table + " group by host order by host;\nselect 'x' as a where false",
		Format:  "aligned"}, nil, &out)
	require.NoError(t, err)
	assert.Equal(t, `       host        | n  
-------------------+----
 user1.comcast.com | 10 
 user2.att.com     | 10 
(2 rows)
 a 
---
(0 rows)
`, out.String())
}

func TestCLIExecuteFormats(t *testing.T) {
	s := harness.Start(t)
	table := purchasesTable(t, s)
	sql := "select host, count(*) as n from " + table + " group by host order by host"
	for _, tc := range []struct{ format, want string }{
		{"", "\"user1.comcast.com\",\"10\"\n\"user2.att.com\",\"10\"\n"},
		{"CSV_HEADER", "\"host\",\"n\"\n\"user1.comcast.com\",\"10\"\n\"user2.att.com\",\"10\"\n"},
		{"TSV", "user1.comcast.com\t10\nuser2.att.com\t10\n"},
		{"JSON", "{\"host\":\"user1.comcast.com\",\"n\":10}\n{\"host\":\"user2.att.com\",\"n\":10}\n"},
	} {
		t.Run(tc.format, func(t *testing.T) {
			var out bytes.Buffer
			err := presto.Run(context.Background(), presto.Config{Server: s.Presto, Catalog: "hive", Schema: "default",
				Execute: sql, Format: tc.format}, nil, &out)
			require.NoError(t, err)
			assert.Equal(t, tc.want, out.String())
		})
	}

	var out bytes.Buffer
	err := presto.Run(context.Background(), presto.Config{Server: s.Presto, Catalog: "hive", Schema: "default",
		Execute: "select 1; select * from " + s.Name("nope") + "; select 2"}, nil, &out)
	var qe *presto.QueryError
	require.ErrorAs(t, err, &qe)
	assert.Equal(t, "\"1\"\n", out.String(), "the statement after a failure does not run")
	assert.Contains(t, err.Error(), "Table hive.default."+s.Name("nope")+" does not exist")
}

func TestPrompt(t *testing.T) {
	s := harness.Start(t)
	table := purchasesTable(t, s)
	in := strings.NewReader("show tables\nlike '" + table + "'\n;\nselect nope from " + table + ";\nquit\n")
	var out bytes.Buffer
	err := presto.Run(context.Background(), presto.Config{Server: s.Presto, Catalog: "hive", Schema: "default"}, in, &out)
	require.NoError(t, err)
	text := out.String()
	w := len(table)
	assert.True(t, strings.HasPrefix(text, "presto:default>              ->              -> "+
		strings.Repeat(" ", (w-5)/2+1)+"Table"), text)
	assert.Contains(t, text, "\n "+table+" \n(1 row)\n\nQuery ")
	assert.Contains(t, text, ", FINISHED, 1 node\n")
	assert.Regexp(t, `Query \S+ failed: line 1:8: Column 'nope' cannot be resolved\n\npresto:default> $`, text)
}

func names(cols []presto.Column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Name
	}
	return out
}

// -f FILE runs the file's statements, as the Presto CLI does; a missing file says so.
func TestCLIFile(t *testing.T) {
	s := harness.Start(t)
	table := purchasesTable(t, s)
	file := filepath.Join(t.TempDir(), "queries.sql")
	require.NoError(t, os.WriteFile(file, []byte("-- the class's queries\nselect count(*) from "+table+";\n\nselect host from "+table+"\n  group by host order by host;\n"), 0o644))
	var out bytes.Buffer
	err := presto.Run(context.Background(), presto.Config{Server: s.Presto, Catalog: "hive", Schema: "default", File: file}, nil, &out)
	require.NoError(t, err)
	assert.Equal(t, "\"20\"\n\"user1.comcast.com\"\n\"user2.att.com\"\n", out.String())

	err = presto.Run(context.Background(), presto.Config{Server: s.Presto, Catalog: "hive", Schema: "default", File: file + ".missing"}, nil, &out)
	assert.EqualError(t, err, "read statements: open "+file+".missing: no such file or directory")
}
