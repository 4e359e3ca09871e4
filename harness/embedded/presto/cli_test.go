package presto_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness/embedded/presto"
	"github.com/fullstack-lab/fullstack-lab/harness/local"
)

// prestoCLI finds the real Presto CLI: $PRESTO_CLI_JAR, else the one the
// local backend's first start fetched into its cache (fixtures/maven/dist),
// else the one of ~/.m2 (mvn dependency:get -Dartifact=com.facebook.presto:presto-cli:0.287:jar:executable).
func prestoCLI(t *testing.T) []string {
	t.Helper()
	java, err := exec.LookPath("java")
	if err != nil {
		t.Skip("no java: the real Presto CLI needs it")
	}
	const inRepo = "com/facebook/presto/presto-cli/0.287/presto-cli-0.287-executable.jar"
	var jars []string
	if jar := os.Getenv("PRESTO_CLI_JAR"); jar != "" {
		jars = append(jars, jar)
	} else {
		if cache, err := local.CacheDir(); err == nil {
			jars = append(jars, filepath.Join(cache, "m2", inRepo))
		}
		home, _ := os.UserHomeDir()
		jars = append(jars, filepath.Join(home, ".m2/repository", inRepo))
	}
	for _, jar := range jars {
		if _, err := os.Stat(jar); err == nil {
			return []string{java, "-jar", jar}
		}
	}
	t.Skipf("no Presto CLI jar at %s (set PRESTO_CLI_JAR, or start the local backend once: it fetches one)", strings.Join(jars, " or "))
	return nil
}

func TestRealPrestoCLI(t *testing.T) {
	cli := prestoCLI(t)
	srv, cat, wh := start(t)
	dir := filepath.Join(wh, "tmp", "purchases")
	writeParquet(t, dir, "part-00000.parquet", purchases(3, "user1.comcast.com", t0))
	cat.Put(presto.Table{DB: "default", Name: "purchases", Location: "file://" + dir, Columns: []presto.Column{
		{Name: "accept", Type: "string"}, {Name: "host", Type: "string"}, {Name: "user-agent", Type: "string"},
		{Name: "event_type", Type: "string"}, {Name: "timestamp", Type: "string"}}})

	run := func(sql string) (string, error) {
		args := append(cli[1:], "--server", srv.URL(), "--catalog", "hive", "--schema", "default",
			"--output-format", "ALIGNED", "--execute", sql)
		out, err := exec.Command(cli[0], args...).CombinedOutput()
		return string(out), err
	}
	out, err := run("show tables; describe purchases; select host, count(*) from purchases group by host; " +
		"select sqrt(16) as r, date '2018-04-04' as a, cast(2.5 as decimal(5,2)) as d")
	require.NoError(t, err, out)
	assert.Equal(t, `   Table   
-----------
 purchases 
(1 row)
   Column   |  Type   | Extra | Comment 
------------+---------+-------+---------
 accept     | varchar |       |         
 host       | varchar |       |         
 user-agent | varchar |       |         
 event_type | varchar |       |         
 timestamp  | varchar |       |         
(5 rows)
       host        | _col1 
-------------------+-------
 user1.comcast.com |     3 
(1 row)
  r  |     a      |  d   
-----+------------+------
 4.0 | 2018-04-04 | 2.50 
(1 row)
`, out)

	out, err = run("select * from nope")
	require.Error(t, err)
	assert.Contains(t, out, "failed: Table hive.default.nope does not exist")
}
