package main_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// upWithEvents starts `lab up -d` in a new directory and produces the
// class's four ab runs to topic events: 20 purchases among 40 events.
func upWithEvents(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Cleanup(func() { lab(t, dir, "down") })
	mustLab(t, dir, "up", "-d")
	b, err := os.ReadFile(filepath.Join(dir, "state.json"))
	require.NoError(t, err)
	var st struct {
		Kafka []string `json:"kafka"`
	}
	require.NoError(t, json.Unmarshal(b, &st))
	var msgs []kafka.Message
	for _, host := range []string{"user1.comcast.com", "user2.att.com"} {
		for _, typ := range []string{"default", "purchase_sword"} {
			for range 10 {
				v := fmt.Sprintf(`{"event_type": %q, "Host": %q, "Accept": "*/*", "User-Agent": "ApacheBench/2.3"}`, typ, host)
				msgs = append(msgs, kafka.Message{Value: []byte(v)})
			}
		}
	}
	w := &kafka.Writer{Addr: kafka.TCP(st.Kafka...), Topic: "events", AllowAutoTopicCreation: true, RequiredAcks: kafka.RequireAll, BatchTimeout: time.Millisecond}
	defer w.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	require.Eventually(t, func() bool { return w.WriteMessages(ctx, msgs...) == nil }, 30*time.Second, 50*time.Millisecond,
		"produce the class's events (a new topic needs a leader)")
	return dir
}

// timeTaken hides the hive CLI's timings.
var timeTaken = regexp.MustCompile(`Time taken: \d+\.\d{3} seconds`)

func hiveOut(out string) string { return timeTaken.ReplaceAllString(out, "Time taken: T seconds") }

// lab extract --table: write_hive_table.py. An existing table fails before
// anything is written; --replace-table replaces its definition.
func TestExtractTable(t *testing.T) {
	dir := upWithEvents(t)
	wh := "file://" + filepath.Join(dir, "warehouse")

	out := mustLab(t, dir, "extract", "--mode", "overwrite", "--table", "purchases")
	assert.Contains(t, out, "created external table default.purchases stored as parquet location '"+wh+"/tmp/purchases'\n")
	before := mustLab(t, dir, "fs", "ls", "/tmp/purchases")

	out, err := lab(t, dir, "extract", "--mode", "overwrite", "--table", "purchases")
	require.Error(t, err)
	assert.Contains(t, out, "lab: register default.purchases: table already exists: nothing was written (--replace-table replaces its definition)\n")
	assert.NotContains(t, out, "wrote ")
	assert.Equal(t, before, mustLab(t, dir, "fs", "ls", "/tmp/purchases"), "the files are untouched")

	out = mustLab(t, dir, "extract", "--shape", "explicit", "--path", "/tmp/sword_purchases", "--table", "purchases", "--replace-table")
	assert.Contains(t, out, "replaced external table default.purchases stored as parquet location '"+wh+"/tmp/sword_purchases'\n")
	out = mustLab(t, dir, "hive", "-e", "describe purchases")
	assert.Equal(t, "OK\n"+
		"raw_event           \tstring\n"+
		"timestamp           \tstring\n"+
		"accept              \tstring\n"+
		"host                \tstring\n"+
		"user-agent          \tstring\n"+
		"event_type          \tstring\n"+
		"Time taken: T seconds, Fetched: 6 row(s)\n", hiveOut(out))

	out, err = lab(t, dir, "extract", "--replace-table")
	require.Error(t, err)
	assert.Contains(t, out, "lab: --replace-table replaces the --table NAME: give it\n")
	assert.Contains(t, mustLab(t, dir, "extract", "--help"), "--replace-table")
}

// lab hive infer PATH --apply: the DDL from the files' own schema, run.
func TestHiveInferApply(t *testing.T) {
	dir := upWithEvents(t)
	mustLab(t, dir, "extract")
	out := mustLab(t, dir, "hive", "infer", "/tmp/purchases", "--apply")
	assert.Contains(t, out, "`User-Agent` string")
	assert.Contains(t, out, "OK: created default.purchases\n")
	out = mustLab(t, dir, "hive", "-e", "show tables; describe purchases")
	assert.Contains(t, out, "OK\npurchases\n")
	assert.Contains(t, out, "user-agent          \tstring\n")

	out, err := lab(t, dir, "hive", "infer", "/tmp/purchases", "--apply")
	require.Error(t, err, "the table exists")
	assert.Contains(t, out, "already exists")
}

// lab hive -e and -f: statements in order, the hive CLI's answers, and the
// first failing statement named with its line and column in the script.
func TestHiveScripts(t *testing.T) {
	dir := t.TempDir()
	t.Cleanup(func() { lab(t, dir, "down") })
	mustLab(t, dir, "up", "-d")

	out := mustLab(t, dir, "hive", "-e", "create database lab; "+
		"create external table lab.t (a string comment 'the a', n bigint) partitioned by (dt date) stored as parquet location '/tmp/t'; "+
		"show tables in lab; describe lab.t")
	assert.Equal(t, "OK\nTime taken: T seconds\n"+
		"OK\nTime taken: T seconds\n"+
		"OK\nt\nTime taken: T seconds, Fetched: 1 row(s)\n"+
		"OK\n"+
		"a                   \tstring              \tthe a\n"+
		"n                   \tbigint\n"+
		"dt                  \tdate\n"+
		"\n"+
		"# Partition Information\n"+
		"# col_name          \tdata_type           \tcomment\n"+
		"dt                  \tdate\n"+
		"Time taken: T seconds, Fetched: 7 row(s)\n", hiveOut(out))

	script := filepath.Join(t.TempDir(), "tables.sql")
	require.NoError(t, os.WriteFile(script, []byte("use lab;\n-- the class's table\nshow tables;\n\ndrop table t;\ncreate external table u (a strin) stored as parquet location '/tmp/u';\nshow tables;\n"), 0o644))
	out, err := lab(t, dir, "hive", "-f", script)
	require.Error(t, err)
	assert.Equal(t, "OK\nTime taken: T seconds\n"+
		"OK\nt\nTime taken: T seconds, Fetched: 1 row(s)\n"+
		"OK\nTime taken: T seconds\n"+
		"FAILED: ParseException line 6:27 type strin is not supported: the lab takes Hive's primitive types (string, int, bigint, double, boolean, timestamp, decimal(p,s), ...)\n"+
		"lab: hive: a statement failed\n", hiveOut(out))
	out = mustLab(t, dir, "hive", "-e", "show tables", "--database", "lab")
	assert.Equal(t, "OK\nTime taken: T seconds\n", hiveOut(out), "t was dropped, u never created")

	out = mustLab(t, dir, "hive", "-e", "show databases")
	assert.Equal(t, "OK\ndefault\nlab\nTime taken: T seconds, Fetched: 2 row(s)\n", hiveOut(out))

	out, err = lab(t, dir, "hive")
	require.NoError(t, err, "without -e or -f, the hive> prompt, left at the end of input")
	assert.Equal(t, "hive> \n", out)
	out, err = lab(t, dir, "hive", "-f", filepath.Join(dir, "nope.sql"))
	require.Error(t, err)
	assert.Contains(t, out, "nope.sql: no such file or directory")
	assert.True(t, strings.HasPrefix(out, "lab: "), out)
}
