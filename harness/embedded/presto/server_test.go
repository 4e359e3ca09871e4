package presto_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	client "github.com/prestodb/presto-go-client/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness/embedded/presto"
)

var t0 = time.Date(2018, 4, 4, 22, 36, 13, 124_000_000, time.UTC)

func TestShowDescribeSelect(t *testing.T) {
	srv, cat, wh := start(t)
	dir := filepath.Join(wh, "tmp", "purchases")
	writeParquet(t, dir, "part-00000.snappy.parquet", purchases(10, "user1.comcast.com", t0))
	writeParquet(t, dir, "part-00001.snappy.parquet", purchases(10, "user2.att.com", t0.Add(time.Second)))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "_SUCCESS"), nil, 0o644))
	cat.Put(presto.Table{DB: "default", Name: "purchases", Location: "file://" + dir, Columns: []presto.Column{
		{Name: "accept", Type: "string"}, {Name: "host", Type: "string"}, {Name: "user-agent", Type: "string"},
		{Name: "event_type", Type: "string"}, {Name: "timestamp", Type: "string", Comment: "kafka time"}}})
	cat.Put(presto.Table{DB: "default", Name: "purchases2", Location: "file://" + dir, Columns: classColumns})
	s := session(t, srv.URL())

	res := mustRun(t, s, "show catalogs")
	assert.Equal(t, []string{"Catalog"}, res.Columns)
	assert.Equal(t, [][]any{{"hive"}, {"system"}}, res.Rows) // as real Presto: the system catalog too

	res = mustRun(t, s, "SHOW SCHEMAS")
	assert.Equal(t, [][]any{{"default"}, {"information_schema"}}, res.Rows)

	res = mustRun(t, s, "show tables")
	assert.Equal(t, []string{"Table"}, res.Columns)
	assert.Equal(t, [][]any{{"purchases"}, {"purchases2"}}, res.Rows)
	res = mustRun(t, s, "show tables like '%2'")
	assert.Equal(t, [][]any{{"purchases2"}}, res.Rows)

	res = mustRun(t, s, "describe purchases")
	assert.Equal(t, []string{"Column", "Type", "Extra", "Comment"}, res.Columns)
	assert.Equal(t, [][]any{
		{"accept", "varchar", "", ""}, {"host", "varchar", "", ""}, {"user-agent", "varchar", "", ""},
		{"event_type", "varchar", "", ""}, {"timestamp", "varchar", "", "kafka time"}}, res.Rows)
	assert.Equal(t, res.Rows, mustRun(t, s, "show columns from hive.default.purchases").Rows)

	res = mustRun(t, s, "select * from purchases")
	assert.Equal(t, []string{"accept", "host", "user-agent", "event_type", "timestamp"}, res.Columns)
	assert.Equal(t, []string{"varchar", "varchar", "varchar", "varchar", "varchar"}, res.Types)
	require.Len(t, res.Rows, 20)
	assert.Equal(t, []any{"*/*", "user1.comcast.com", "ApacheBench/2.3", "purchase_sword", "2018-04-04 22:36:13.124"}, res.Rows[0])

	// Hive's User_Agent finds no User_Agent column in the files: NULL, schema on read.
	res = mustRun(t, s, "select user_agent, count(*) from default.purchases2 group by user_agent")
	assert.Equal(t, []string{"user_agent", "_col1"}, res.Columns)
	assert.Equal(t, []string{"varchar", "bigint"}, res.Types)
	assert.Equal(t, [][]any{{nil, float64(20)}}, res.Rows)

	res = mustRun(t, s, "select host, count(*) as n from hive.default.purchases group by host order by host")
	assert.Equal(t, []string{"host", "n"}, res.Columns)
	assert.Equal(t, [][]any{{"user1.comcast.com", float64(10)}, {"user2.att.com", float64(10)}}, res.Rows)
}

func TestSchemaOnReadNewFilesAndEmptyDirs(t *testing.T) {
	srv, cat, wh := start(t)
	dir := filepath.Join(wh, "tmp", "sword_purchases")
	cat.Put(presto.Table{DB: "default", Name: "sword_purchases", Location: "file://" + dir, Columns: classColumns})
	s := session(t, srv.URL())

	// A table created before its data exists reads as empty, with its columns.
	res := mustRun(t, s, "select * from sword_purchases")
	assert.Empty(t, res.Rows)
	assert.Equal(t, []string{"accept", "host", "user_agent", "event_type", "timestamp"}, res.Columns)
	require.NoError(t, os.MkdirAll(dir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".part-0.parquet.inprogress"), []byte("half"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "_temporary"), []byte("half"), 0o644))
	assert.Equal(t, [][]any{{float64(0)}}, mustRun(t, s, "select count(*) from sword_purchases").Rows)

	// Each new file joins the next query; nothing is rewritten.
	for i := 1; i <= 3; i++ {
		writeParquet(t, dir, "part-"+itoa(i)+".parquet", purchases(5, "user1.comcast.com", t0))
		assert.Equal(t, [][]any{{float64(5 * i)}}, mustRun(t, s, "select count(*) from sword_purchases").Rows)
	}

	// The table's definition is read at each query too.
	cat.Put(presto.Table{DB: "default", Name: "sword_purchases", Location: "file://" + dir,
		Columns: []presto.Column{{Name: "HOST", Type: "string"}, {Name: "missing", Type: "bigint"}}})
	res = mustRun(t, s, "select * from sword_purchases limit 1")
	assert.Equal(t, []string{"host", "missing"}, res.Columns)
	assert.Equal(t, []string{"varchar", "bigint"}, res.Types)
	assert.Equal(t, [][]any{{"user1.comcast.com", nil}}, res.Rows)

	cat.Drop("default", "sword_purchases")
	_, err := run(context.Background(), s, "select * from sword_purchases")
	var qe *client.QueryError
	require.ErrorAs(t, err, &qe)
	assert.Equal(t, "Table hive.default.sword_purchases does not exist", qe.Message)
}

func TestErrors(t *testing.T) {
	srv, cat, wh := start(t)
	cat.Put(presto.Table{DB: "default", Name: "purchases", Location: "file://" + wh, Columns: classColumns})
	cat.CreateDatabase("other")
	s := session(t, srv.URL())
	// As real PrestoDB 0.287 answers them: a location only where the message
	// starts with "line L:C: ".
	for _, tc := range []struct {
		sql, name, message string
	}{
		{"selec * from purchases", "SYNTAX_ERROR", "line 1:1: mismatched input 'selec'. Expecting: 'ALTER', 'ANALYZE', 'CALL', 'COMMIT', 'CREATE', 'DEALLOCATE', 'DELETE', 'DESC', 'DESCRIBE', 'DROP', 'EXECUTE', 'EXPLAIN', 'GRANT', 'INSERT', 'PREPARE', 'REFRESH', 'RESET', 'REVOKE', 'ROLLBACK', 'SET', 'SHOW', 'START', 'TRUNCATE', 'UPDATE', 'USE', <query>"},
		{"select * from nope", "SYNTAX_ERROR", "Table hive.default.nope does not exist"},
		{"select * from missing.nope", "SYNTAX_ERROR", "Schema missing does not exist"},
		{"select * from hive.missing.nope", "SYNTAX_ERROR", "Schema missing does not exist"},
		{"select * from other.nope", "SYNTAX_ERROR", "Table hive.other.nope does not exist"},
		{"select * from purchases p join Nope n on p.host = n.host", "SYNTAX_ERROR", "Table hive.default.nope does not exist"},
		{"select nope from purchases", "SYNTAX_ERROR", "line 1:8: Column 'nope' cannot be resolved"},
		{"select host\nfrom default.purchases where nope = 1", "SYNTAX_ERROR", "line 2:30: Column 'nope' cannot be resolved"},
		{"select frobnicate(1)", "SYNTAX_ERROR", "line 1:8: Function frobnicate not registered"},
		{"describe nope", "SYNTAX_ERROR", "line 1:1: Table 'hive.default.nope' does not exist"},
		{"describe missing.nope", "SYNTAX_ERROR", "line 1:1: Table 'hive.missing.nope' does not exist"},
		{"show columns from nope", "SYNTAX_ERROR", "line 1:1: Table 'hive.default.nope' does not exist"},
		{"show create table nope", "SYNTAX_ERROR", "line 1:1: Table 'hive.default.nope' does not exist"},
		{"show tables from nope", "SYNTAX_ERROR", "line 1:1: Schema 'nope' does not exist"},
		{"select 'unterminated", "SYNTAX_ERROR", "line 1:8: mismatched input '''. Expecting: '*', 'ALL', 'DISTINCT', <expression>, <identifier>"},
		{"select , 1", "SYNTAX_ERROR", "line 1:8: mismatched input ','. Expecting: '*', 'ALL', 'DISTINCT', <expression>, <identifier>"},
		{"select 1; select 2", "SYNTAX_ERROR", "line 1:9: mismatched input ';'. Expecting: '%', '*', '+', '-', '.', '/', 'AT', '[', '||', <expression>"},
		{"drop table purchases", "NOT_SUPPORTED", "line 1:1: drop is not supported: the embedded Presto answers SELECT, SHOW, DESCRIBE and USE; tables are created in the Hive Metastore (lab hive)"},
	} {
		t.Run(tc.sql, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_, err := run(ctx, s, tc.sql)
			var qe *client.QueryError
			require.ErrorAs(t, err, &qe)
			assert.Equal(t, tc.name, qe.ErrorName)
			assert.Equal(t, tc.message, qe.Message)
			assert.Contains(t, err.Error(), tc.name+": "+tc.message)
		})
	}
}

func TestCancel(t *testing.T) {
	srv, cat, wh := start(t)
	dir := filepath.Join(wh, "p")
	writeParquet(t, dir, "part-0.parquet", purchases(20, "h", t0))
	cat.Put(presto.Table{DB: "default", Name: "p", Location: dir, Columns: classColumns})
	s := session(t, srv.URL())

	ctx, cancel := context.WithTimeout(context.Background(), 700*time.Millisecond)
	defer cancel()
	start := time.Now()
	// 20^12 rows: days of work.
	_, err := run(ctx, s, "select count(*) from p a, p b, p c, p d, p e, p f, p g, p h, p i, p j, p k, p l")
	require.Error(t, err)
	require.True(t, errors.Is(err, context.DeadlineExceeded), "err = %v", err)
	assert.Less(t, time.Since(start), 5*time.Second)
	require.Eventually(t, func() bool { return srv.Running() == 0 }, 10*time.Second, 20*time.Millisecond,
		"the query still runs after the client's DELETE")

	// The server answers the next query at once.
	assert.Equal(t, [][]any{{float64(20)}}, mustRun(t, s, "select count(*) from p").Rows)
}

func TestQueryInfoAfterCancel(t *testing.T) {
	srv, cat, wh := start(t)
	dir := filepath.Join(wh, "p")
	writeParquet(t, dir, "part-0.parquet", purchases(20, "h", t0))
	cat.Put(presto.Table{DB: "default", Name: "p", Location: dir, Columns: classColumns})
	s := session(t, srv.URL())
	ctx, cancel := context.WithCancel(context.Background())
	qr, _, err := s.Query(ctx, "select count(*) from p a, p b, p c, p d, p e, p f, p g, p h, p i, p j, p k, p l")
	require.NoError(t, err)
	go func() { time.Sleep(300 * time.Millisecond); cancel() }()
	err = qr.Drain(ctx, nil)
	require.ErrorIs(t, err, context.Canceled)
	require.Eventually(t, func() bool {
		req, _ := http.NewRequest("GET", srv.URL()+"/v1/query/"+qr.Id, nil)
		req.Header.Set("X-Presto-User", "lab")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		var info struct {
			State     string                `json:"state"`
			ErrorCode struct{ Name string } `json:"errorCode"`
		}
		return json.NewDecoder(resp.Body).Decode(&info) == nil && info.State == "FAILED" && info.ErrorCode.Name == "USER_CANCELED"
	}, 10*time.Second, 20*time.Millisecond)
}

type num struct {
	N int64 `parquet:"n"`
}

func TestPagingAndTypes(t *testing.T) {
	srv, cat, wh := start(t, presto.WithPageRows(100))
	nums := make([]num, 1050)
	for i := range nums {
		nums[i].N = int64(i)
	}
	writeParquet(t, filepath.Join(wh, "nums"), "part-0.parquet", nums)
	cat.Put(presto.Table{DB: "default", Name: "nums", Location: filepath.Join(wh, "nums"), Columns: []presto.Column{{Name: "n", Type: "bigint"}}})
	s := session(t, srv.URL())
	res := mustRun(t, s, "select n, n * 2 as twice from nums order by n")
	require.Len(t, res.Rows, 1050)
	assert.Equal(t, []any{float64(1049), float64(2098)}, res.Rows[1049])
	assert.Equal(t, []string{"bigint", "bigint"}, res.Types)

	res = mustRun(t, s, "select 1.5e0, cast(1.5 as decimal(10,2)), true, date '2018-04-04', "+
		"timestamp '2018-04-04 22:36:13.124', 'x', sum(x) from (values (1), (2)) v(x)")
	assert.Equal(t, []string{"double", "decimal(10,2)", "boolean", "date", "timestamp", "varchar(1)", "bigint"}, res.Types)
	assert.Equal(t, []string{"_col0", "_col1", "_col2", "_col3", "_col4", "_col5", "_col6"}, res.Columns)
	assert.Equal(t, [][]any{{1.5, "1.50", true, "2018-04-04", "2018-04-04 22:36:13.124", "x", float64(3)}}, res.Rows)
}

func TestInfoAndUse(t *testing.T) {
	srv, cat, _ := start(t)
	cat.CreateDatabase("lab")
	resp, err := http.Get(srv.URL() + "/v1/info")
	require.NoError(t, err)
	defer resp.Body.Close()
	var info map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&info))
	assert.Equal(t, false, info["starting"])

	// The Presto CLI switches schema on the last answer's X-Presto-Set-Schema.
	req, err := http.NewRequest("POST", srv.URL()+"/v1/statement", strings.NewReader("use lab"))
	require.NoError(t, err)
	req.Header.Set("X-Presto-User", "lab")
	req.Header.Set("X-Presto-Catalog", "hive")
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	for {
		var qr struct {
			NextURI string `json:"nextUri"`
		}
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&qr))
		resp.Body.Close()
		if qr.NextURI == "" {
			break
		}
		resp, err = http.Get(qr.NextURI)
		require.NoError(t, err)
	}
	assert.Equal(t, "lab", resp.Header.Get("X-Presto-Set-Schema"))
	assert.Equal(t, "hive", resp.Header.Get("X-Presto-Set-Catalog"))

	// Real Presto 0.287 does not look the schema up: USE nope answers true.
	s := session(t, srv.URL())
	res := mustRun(t, s, "use nope")
	assert.Equal(t, []string{"result"}, res.Columns)
	assert.Equal(t, []string{"boolean"}, res.Types)
	assert.Equal(t, [][]any{{true}}, res.Rows)
}

func itoa(i int) string { return string(rune('0' + i)) }
