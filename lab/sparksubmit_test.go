package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness/stack"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Spark's stderr as lab spark-submit's log4j2 configuration writes it: the
// progress reports become one line per batch that ran, idle ones vanish,
// other lines pass through.
func TestSparkProgress(t *testing.T) {
	var out bytes.Buffer
	var got []queryProgress
	p := &sparkProgress{out: &out, quiet: true, onBatch: func(q queryProgress, _ time.Time) { got = append(got, q) }}
	log := `26/12/02 13:39:20 WARN ResolveWriteToStream: Temporary checkpoint location created
26/12/02 13:39:21 INFO MicroBatchExecution: Starting new streaming query.
26/12/02 13:39:58 INFO MicroBatchExecution: Streaming query made progress: {
  "id" : "7dd6de78",
  "name" : null,
  "batchId" : 1,
  "numInputRows" : 4,
  "durationMs" : {
    "addBatch" : 900,
    "triggerExecution" : 1234
  },
  "sources" : [ {
    "description" : "KafkaV2[Subscribe[events]] {\"}",
    "endOffset" : { "events" : { "0" : 12 } }
  } ],
  "sink" : { "description" : "FileSink[viewfs://lab/tmp/sword_purchases]" }
}
26/12/02 13:40:08 INFO MicroBatchExecution: Streaming query made progress: {
  "batchId" : 2,
  "numInputRows" : 0,
  "durationMs" : { "latestOffset" : 3, "triggerExecution" : 3 }
}
last line without a newline`
	for _, chunk := range strings.SplitAfter(log, "\n") { // as the pipe delivers it, in pieces
		for len(chunk) > 0 {
			n := min(7, len(chunk))
			_, err := p.Write([]byte(chunk[:n]))
			require.NoError(t, err)
			chunk = chunk[n:]
		}
	}
	require.NoError(t, p.Flush())
	assert.Equal(t, `26/12/02 13:39:20 WARN ResolveWriteToStream: Temporary checkpoint location created
spark-submit: batch 1: 4 rows in 1234 ms
last line without a newline`, out.String())
	require.Len(t, got, 1)
	assert.Equal(t, int64(1), got[0].BatchID)
	assert.Equal(t, int64(4), got[0].NumInputRows)
}

// On the embedded stack Spark sees the warehouse directory through viewfs
// links, and the metastore's address comes along.
func TestSparkConf(t *testing.T) {
	conf := strings.Join(sparkConf(stack.State{Endpoints: stack.Endpoints{
		Warehouse: "file:///d/warehouse", Metastore: "127.0.0.1:9083"}}), " ")
	for _, want := range []string{
		"spark.hadoop.fs.defaultFS=viewfs://lab/",
		"spark.hadoop.fs.viewfs.mounttable.lab.link./tmp=file:///d/warehouse/tmp",
		"spark.hadoop.fs.viewfs.mounttable.lab.link./user=file:///d/warehouse/user",
		"spark.hadoop.fs.viewfs.mounttable.lab.linkFallback=file:///d/warehouse",
		"spark.hadoop.hive.metastore.uris=thrift://127.0.0.1:9083",
		"spark.sql.session.timeZone=UTC",
	} {
		assert.Contains(t, conf, want)
	}
	hdfs := strings.Join(sparkConf(stack.State{Endpoints: stack.Endpoints{Warehouse: "hdfs://127.0.0.1:8020"}}), " ")
	assert.Contains(t, hdfs, "spark.hadoop.fs.defaultFS=hdfs://127.0.0.1:8020")
	assert.NotContains(t, hdfs, "viewfs")
	assert.NotContains(t, hdfs, "metastore.uris")
}

// What is missing is named, before anything is installed.
func TestSparkSubmitNeeds(t *testing.T) {
	cache := t.TempDir()
	var progress bytes.Buffer
	_, _, _, err := newSparkSubmit(sparkSubmitOptions{Cache: cache, Java: "no-such-java"}).install(context.Background(), &progress)
	assert.ErrorContains(t, err, "Spark needs Java (8, 11 or 17) on PATH")
	_, _, _, err = newSparkSubmit(sparkSubmitOptions{Cache: cache, Java: "sh", Python: "no-such-python3"}).install(context.Background(), &progress)
	assert.ErrorContains(t, err, "PySpark needs python3")
	// A python that cannot make a virtualenv: the Debian package to install is named.
	_, _, _, err = newSparkSubmit(sparkSubmitOptions{Cache: cache, Java: "sh", Python: "false"}).install(context.Background(), &progress)
	assert.ErrorIs(t, err, errNoVenv)
	assert.ErrorContains(t, err, "apt-get install python3-venv")
	assert.Contains(t, progress.String(), "installing pyspark "+pysparkVersion)
}
