package presto_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness/embedded/presto"
)

// TestNothingOutsideTheWarehouse: every statement below reached the
// machine's files, wrote files or changed the engine before the embedded
// Presto parsed queries itself. Each must fail with a Presto error, leave no
// file behind and return no row.
func TestNothingOutsideTheWarehouse(t *testing.T) {
	srv, cat, wh := start(t)
	dir := filepath.Join(wh, "tmp", "purchases")
	writeParquet(t, dir, "part-00000.parquet", purchases(3, "user1.comcast.com", t0))
	cat.Put(presto.Table{DB: "default", Name: "purchases", Location: "file://" + dir, Columns: classColumns})
	secret := filepath.Join(t.TempDir(), "secret.csv")
	require.NoError(t, os.WriteFile(secret, []byte("a,b\n1,2\n"), 0o644))
	out := filepath.Join(wh, "forged.csv") // inside the warehouse: DuckDB itself would allow it
	db := filepath.Join(wh, "x.db")
	r := strings.NewReplacer("SECRET", secret, "OUT", out, "DB", db)

	for _, sql := range []string{
		"select * from read_csv('SECRET')",
		"select * from read_csv_auto('SECRET')",
		"select read_csv('SECRET')",
		"select * from glob('/root/*')",
		"select * from read_text('/etc/hostname')",
		"select content from read_blob('SECRET')",
		"select * from 'SECRET'",
		`select * from "SECRET"`,
		`select * from "read_csv"('SECRET')`,
		"select * from parquet_scan('" + dir + "/part-00000.parquet')",
		"select (select count(*) from read_csv('SECRET'))",
		"select x from (select * from read_csv('SECRET')) t(x)",
		"with t as (select * from read_text('SECRET')) select * from t",
		"select 1 where exists (select * from read_csv('SECRET'))",
		"copy (select 1) to 'OUT'",
		"COPY purchases TO 'OUT'",
		"explain analyze copy (select 1) to 'OUT'",
		"explain copy (select 1) to 'OUT'",
		"attach 'DB' as x",
		"set global threads = 1",
		"SET enable_external_access = true",
		"reset lock_configuration",
		"pragma version",
		"install httpfs",
		"load httpfs",
		"create view v as select * from read_csv('SECRET')",
		"create macro m(x) as x",
		"select $$'$$ ; copy (select 42) to 'OUT' ; select $$'$$",
		"select 1 /* /* */ ; copy (select 42) to 'OUT' ; /* */ */",
		"select 1; copy (select 42) to 'OUT'",
		"select 1 -- \n; copy (select 42) to 'OUT'",
		"select 'a'';' ; copy (select 42) to 'OUT'",
		`select "a;" from (values 1) t("a;"); copy (select 42) to 'OUT'`,
		"select E'\\'' ; copy (select 42) to 'OUT' --'",
		"select U&'\\0041' ; copy (select 42) to 'OUT'",
		"select * from duckdb_settings()",
		"select duckdb_settings()",
		"select current_setting('threads')",
		"select getenv('HOME')",
		"select list_value(1, 2)",
		"select 7 // 2",
		"select * from duckdb_tables()",
		"select * from memory.main.x",
		"select * from system.main.duckdb_settings",
		"select 1::integer",
		"summarize purchases",
		"from purchases",
		"select * from purchases positional join purchases",
		"select * exclude (host) from purchases",
		"select columns('.*') from purchases",
		"select host from purchases qualify true",
		"select * from purchases using sample 1",
		"select {'a': 1}",
		"select [1, 2]",
		"checkpoint",
		"detach hive",
		"use memory.main",
		"call duckdb_settings()",
		"select error('x')",
		"select memory.main.presto_idiv(1, 0)",
		// More table functions, and the same through other quoting forms.
		"select * from read_json('SECRET')",
		"select * from read_json_auto('SECRET')",
		"select * from read_parquet('SECRET')",
		"select * from sniff_csv('SECRET')",
		"select * from query('copy (select 42) to ''OUT''')",
		"select * from query_table('purchases')",
		"select * from (values 1) t(x), read_csv('SECRET')",
		"select * from purchases, read_text('SECRET')",
		"select * from purchases join read_csv('SECRET') on true",
		"select * from `read_csv`('SECRET')",
		`select * from U&"read_csv"('SECRET')`,
		`select * from hive."default"."read_csv"('SECRET')`,
		"select * from READ_CSV('SECRET')",
		"select * from read_csv ( 'SECRET' )",
		"select * from read_csv/**/('SECRET')",
		"select * from read_csv\n('SECRET')",
		// A second statement smuggled in through every lexical form.
		"select 1 /* ; */ ; copy (select 42) to 'OUT'",
		"select 1 --; \n copy (select 42) to 'OUT'",
		"select '$$' ; copy (select 42) to 'OUT'",
		"select $tag$ x $tag$ ; copy (select 42) to 'OUT'",
		`select "$$" from (values 1) t("$$") ; copy (select 42) to 'OUT'`,
		"select 1\x00; copy (select 42) to 'OUT'",
		"select 1\u00a0; copy (select 42) to 'OUT'",
		"CoPy (select 42) to 'OUT'",
		"export database 'OUT'",
		"import database 'OUT'",
		"create secret (type s3)",
		"vacuum",
		"begin transaction",
		"select * from (copy (select 42) to 'OUT')",
		"with t as (copy (select 42) to 'OUT') select 1",
		"select 1 where 1 in (copy (select 42) to 'OUT')",
		// DuckDB-only functions and syntax.
		"select list_value(1, 2)[1]",
		"select array_value(1, 2)",
		"select struct_pack(a := 1)",
		"select 'a' ^@ 'a'",
		"select 2 ** 3",
		"select 1 as x order by all",
		"select host from purchases group by all",
		"select current_database()",
		"select version()",
		"select pg_typeof(1)",
		"select regexp_matches('a', 'a')",
		"select * from pragma_database_list",
		"select * from pragma_table_info('purchases')",
		"select txid_current()",
		"select nextval('s')",
		"select * from system.main.duckdb_secrets()",
		"select * from temp.main.x",
		"create table purchases2 as select * from read_csv('SECRET')",
		"insert into purchases select * from read_csv('SECRET')",
		"drop table purchases",
		"alter table purchases rename to p",
	} {
		sql = r.Replace(sql)
		t.Run(sql, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			a, err := statement(ctx, srv.URL(), sql)
			require.NoError(t, err)
			require.NotNil(t, a.Error, "answered: %v", a.Rows)
			assert.Contains(t, []string{"SYNTAX_ERROR", "NOT_SUPPORTED", "FUNCTION_NOT_FOUND"}, a.Error.Name, a.Error.Message)
			assert.Empty(t, a.Rows)
			assert.NoFileExists(t, out)
			assert.NoFileExists(t, db)
		})
	}
	// The engine still answers, with its settings untouched.
	a, err := statement(context.Background(), srv.URL(), "select count(*) from purchases")
	require.NoError(t, err)
	require.Nil(t, a.Error)
	assert.Equal(t, "[3]", string(a.Rows[0]))
}

// TestQueryPrivacy: a query's pages and its cancellation are reachable only
// through the nextUri its client got; other users see none of its SQL.
func TestQueryPrivacy(t *testing.T) {
	srv, cat, wh := start(t, presto.WithPageRows(2))
	dir := filepath.Join(wh, "p")
	writeParquet(t, dir, "part-0.parquet", purchases(10, "h", t0))
	cat.Put(presto.Table{DB: "default", Name: "p", Location: dir, Columns: classColumns})

	post := func(user, sql string) map[string]any {
		req, err := http.NewRequest("POST", srv.URL()+"/v1/statement", strings.NewReader(sql))
		require.NoError(t, err)
		req.Header.Set("X-Presto-User", user)
		req.Header.Set("X-Presto-Catalog", "hive")
		req.Header.Set("X-Presto-Schema", "default")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		var m map[string]any
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&m))
		return m
	}
	do := func(method, url, user string) (int, string) {
		req, err := http.NewRequest(method, url, nil)
		require.NoError(t, err)
		if user != "" {
			req.Header.Set("X-Presto-User", user)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	first := post("alice", "select host, timestamp from p where host = 'h'")
	id := first["id"].(string)
	next := first["nextUri"].(string)
	require.Contains(t, next, "/v1/statement/"+id+"/")
	slug := strings.Split(strings.TrimPrefix(next, srv.URL()+"/v1/statement/"+id+"/"), "/")[0]
	assert.GreaterOrEqual(t, len(slug), 32, "the slug carries 128 random bits")
	second := post("alice", "select 1")
	assert.NotEqual(t, slug, strings.Split(strings.TrimPrefix(second["nextUri"].(string), srv.URL()+"/v1/statement/"+second["id"].(string)+"/"), "/")[0])

	// Guessing: the id is in the infoUri, the slug is not.
	wrong := slug[:len(slug)-1] + "0"
	if wrong == slug {
		wrong = slug[:len(slug)-1] + "1"
	}
	for _, u := range []string{"/v1/statement/" + id + "/1", "/v1/statement/" + id + "/x/1", "/v1/statement/" + id + "/" + wrong + "/1"} {
		code, _ := do("GET", srv.URL()+u, "mallory")
		assert.Equal(t, http.StatusNotFound, code, u)
		code, _ = do("DELETE", srv.URL()+u, "mallory")
		assert.NotEqual(t, http.StatusNoContent, code, u)
	}
	code, _ := do("DELETE", srv.URL()+"/v1/query/"+id, "mallory")
	assert.Equal(t, http.StatusNotFound, code)
	code, _ = do("GET", srv.URL()+"/v1/query/"+id, "mallory")
	assert.NotEqual(t, http.StatusOK, code)
	_, list := do("GET", srv.URL()+"/v1/query", "mallory")
	assert.NotContains(t, list, "select host")
	assert.NotContains(t, list, id)
	_, list = do("GET", srv.URL()+"/v1/query", "")
	assert.NotContains(t, list, "select host")
	_, list = do("GET", srv.URL()+"/v1/query", "alice")
	assert.Contains(t, list, "select host")

	// The owner still gets every row.
	rows := 0
	for next != "" {
		code, body := do("GET", next, "alice")
		require.Equal(t, http.StatusOK, code, body)
		var page struct {
			NextURI string  `json:"nextUri"`
			Data    [][]any `json:"data"`
		}
		require.NoError(t, json.Unmarshal([]byte(body), &page))
		rows += len(page.Data)
		next = page.NextURI
	}
	assert.Equal(t, 10, rows)
}
