package presto_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness/embedded/presto"
)

// TestHostileTables: the metastore is writable by anyone who reaches it, so
// a table's definition is input too. A table whose files are outside the
// warehouse (by its location, by `..`, or through a symbolic link inside the
// warehouse) reads no row; names and columns with quotes in them are names,
// never SQL.
func TestHostileTables(t *testing.T) {
	srv, cat, wh := start(t)
	outside := t.TempDir()
	writeParquet(t, outside, "part-00000.parquet", purchases(3, "secret.example.com", t0))
	require.NoError(t, os.Symlink(outside, filepath.Join(wh, "link")))
	inside := filepath.Join(wh, "t")
	writeParquet(t, inside, "part-00000.parquet", purchases(2, "user1.comcast.com", t0))
	require.NoError(t, os.Symlink(filepath.Join(outside, "part-00000.parquet"), filepath.Join(inside, "part-00001.parquet")))
	out := filepath.Join(wh, "forged.csv")

	ask := func(t *testing.T, sql string) answer {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		a, err := statement(ctx, srv.URL(), sql)
		require.NoError(t, err)
		assert.NoFileExists(t, out)
		return a
	}
	for _, tc := range []struct{ name, location string }{
		{"abs", outside},
		{"uri", "file://" + outside},
		{"dotdot", "file://" + wh + "/../" + filepath.Base(outside)},
		{"link", filepath.Join(wh, "link")},
		{"etc", "file:///etc"},
		{"hdfs", "hdfs://namenode:8020/etc"},
	} {
		t.Run("location "+tc.name, func(t *testing.T) {
			cat.Put(presto.Table{DB: "default", Name: "x_" + tc.name, Location: tc.location, Columns: classColumns})
			a := ask(t, "select host from x_"+tc.name)
			require.NotNil(t, a.Error, "answered %s", a.Rows)
			t.Log(a.Error.Message)
			assert.Empty(t, a.Rows)
		})
	}
	t.Run("a link among a table's files", func(t *testing.T) {
		cat.Put(presto.Table{DB: "default", Name: "mixed", Location: inside, Columns: classColumns})
		a := ask(t, "select host, count(*) from mixed group by host")
		require.Nil(t, a.Error)
		assert.Equal(t, `["user1.comcast.com",2]`, string(a.Rows[0]))
		assert.Len(t, a.Rows, 1)
	})
	t.Run("quotes in names", func(t *testing.T) {
		cols := append([]presto.Column{}, classColumns...)
		cols[1].Name = `host"; copy (select 42) to '` + out + `'; --`
		name := `q"'; copy (select 42) to '` + out + `'; --`
		cat.Put(presto.Table{DB: "default", Name: name, Location: inside, Columns: cols})
		a := ask(t, "show tables")
		require.Nil(t, a.Error)
		a = ask(t, "describe \""+doubled(name)+"\"")
		require.Nil(t, a.Error, "%v", a.Error)
		a = ask(t, "select \""+doubled(cols[1].Name)+"\" from \""+doubled(name)+"\"")
		// Read as a name: the column's values are NULL (no such column in the files), or an error.
		if a.Error == nil {
			assert.Equal(t, "[null]", string(a.Rows[0]))
		}
	})
}

func doubled(s string) string {
	out := ""
	for _, r := range s {
		if r == '"' {
			out += `"`
		}
		out += string(r)
	}
	return out
}
