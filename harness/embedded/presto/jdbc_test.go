package presto_test

import (
	"bytes"
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/internal/javatest"
)

// TestJDBCMetadata: the real Presto JDBC driver 0.287 (from Maven Central,
// testdata/jdbc/pom.xml) lists the catalogs, schemas, tables and columns
// through DatabaseMetaData, as SQL GUIs do (DBeaver, DataGrip, Metabase):
// the driver queries system.jdbc.*, which must answer as real Presto's.
// Needs java and mvn (skips without them); the driver is fetched once into
// the lab's cache.
func TestJDBCMetadata(t *testing.T) {
	const needs = "the JDBC driver test needs Java 11+ and Maven"
	java, mvn := javatest.Tool(t, "java", needs), javatest.Tool(t, "mvn", needs)
	cp := javatest.Classpath(t, mvn, filepath.Join("testdata", "jdbc", "pom.xml"), "presto-jdbc-0.287")
	s := harness.Start(t)
	names := corpusTables(t, s)
	table := names["typed"]

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	url := "jdbc:presto://" + strings.TrimPrefix(s.Presto, "http://") + "/hive/default"
	cmd := exec.CommandContext(ctx, java, "-cp", cp, filepath.Join("testdata", "jdbc", "JdbcMetadata.java"), url, "default", table)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), stderr.String())
	out := strings.ReplaceAll(stdout.String(), table, "{typed}")
	out = strings.ReplaceAll(out, names["purchases"], "{purchases}")

	sections := map[string]string{}
	var call string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if c, ok := strings.CutPrefix(line, "# "); ok {
			call = c
			sections[call] = ""
			continue
		}
		sections[call] += line + "\n"
	}
	assert.Equal(t, "hive\nsystem\n", sections["getCatalogs"])
	assert.Contains(t, sections["getSchemas"], "default|hive\ninformation_schema|hive\n")
	assert.Contains(t, sections["getSchemas"], "information_schema|system\njdbc|system\n")
	assert.Equal(t, "default|hive\n", sections["getSchemas(hive, def%)"])
	assert.Equal(t, "TABLE\nVIEW\n", sections["getTableTypes"])
	assert.Contains(t, sections["getTables(hive, default, %, TABLE)"], "hive|default|{purchases}|TABLE|null\n")
	assert.Contains(t, sections["getTables(hive, default, %, TABLE)"], "hive|default|{typed}|TABLE|null\n")
	assert.Equal(t, "hive|default|{typed}|TABLE\n", sections["getTables(null, null, {typed}, null)"])
	// As real Presto 0.287 answers: NULLABLE 2 (unknown), IS_NULLABLE and IS_AUTOINCREMENT empty.
	assert.Equal(t, strings.Join([]string{
		"{typed}|id|-5|bigint|19|null|10|2|1||null",
		"{typed}|name|12|varchar|2147483647|null|null|2|2||null",
		"{typed}|price|8|double|53|null|2|2|3||null",
		"{typed}|qty|4|integer|10|null|10|2|4||null",
		"{typed}|ok|16|boolean|null|null|null|2|5||null",
	}, "\n")+"\n", sections["getColumns(hive, default, {typed}, %)"])
	assert.Equal(t, "price|double\n", sections["getColumns(hive, default, {typed}, pri%)"])
	assert.Contains(t, sections["getTypeInfo"], "bigint|-5\n")
	assert.Equal(t, "5\n", sections["select"])
}
