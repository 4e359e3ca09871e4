package containers_test

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness/backends"
	"github.com/fullstack-lab/fullstack-lab/harness/containers"
	"github.com/fullstack-lab/fullstack-lab/harness/hms"
	"github.com/fullstack-lab/fullstack-lab/harness/stack"
	"github.com/moby/moby/client"
	"github.com/parquet-go/parquet-go"
	_ "github.com/prestodb/presto-go-client/v2"
	"github.com/segmentio/kafka-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// requireDocker skips the test, with one line saying why, when no Docker
// engine answers; when LAB_STACK=containers asked for Docker, it fails instead.
func requireDocker(t *testing.T) {
	t.Helper()
	err := containers.OptionsFromEnv().Available(context.Background())
	if err == nil {
		return
	}
	if stack.BackendFromEnv() == stack.Containers {
		t.Fatalf("LAB_STACK=containers: %v", err)
	}
	t.Skipf("containers suite skipped: %v", err)
}

// requireStack is requireDocker for the tests that start a whole stack
// (minutes, and the lab's images): they run with LAB_STACK=containers
// (make test-containers), and skip saying so otherwise.
func requireStack(t *testing.T) {
	t.Helper()
	requireDocker(t)
	if stack.BackendFromEnv() != stack.Containers {
		t.Skip("containers stack skipped: Docker answers, but the whole stack runs with LAB_STACK=containers (make test-containers)")
	}
}

func TestWithoutDocker(t *testing.T) {
	if containers.OptionsFromEnv().Available(context.Background()) == nil {
		t.Skip("a Docker engine answers here")
	}
	err := containers.OptionsFromEnv().Available(context.Background())
	require.ErrorIs(t, err, containers.ErrNoDocker)
	assert.NotContains(t, err.Error(), "\n", "the reason is one line")
	assert.Contains(t, err.Error(), `(start Docker or set DOCKER_HOST, or start the lab's own engine: sudo fixtures/images/dockerd.sh start, then eval "$(fixtures/images/dockerd.sh env)"; without Docker use --stack local or embedded)`)

	_, err = containers.Backend{Options: containers.OptionsFromEnv()}.Start(context.Background(), stack.Options{Dir: t.TempDir()})
	require.ErrorIs(t, err, containers.ErrNoDocker)

	_, err = backends.Lookup(stack.Containers)
	require.NoError(t, err, "the backend is registered")
}

// TestStack starts the whole stack in containers and talks to each service
// with the project's clients, from this machine as the steps do.
func TestStack(t *testing.T) {
	requireStack(t)
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	var progress strings.Builder
	r, err := containers.Backend{Options: containers.OptionsFromEnv()}.Start(ctx, stack.Options{Dir: t.TempDir(), Progress: &progress})
	if r != nil {
		t.Cleanup(func() { assert.NoError(t, r.Close()) })
	}
	require.NoError(t, err, "progress:\n%s", progress.String())
	ep := r.Endpoints()
	assert.Equal(t, stack.Containers, ep.Backend)
	assert.Equal(t, "hdfs://namenode:8020", ep.Locations)

	// Every port the stack publishes is bound to 127.0.0.1 only, as the
	// engine reports it (not 0.0.0.0 or ::, Docker's default).
	t.Run("ports on 127.0.0.1 only", func(t *testing.T) {
		cli, err := dockerClient()
		require.NoError(t, err)
		defer cli.Close()
		host, _ := os.Hostname()
		cs, err := cli.ContainerList(ctx, client.ContainerListOptions{Filters: make(client.Filters).
			Add("label", containers.LabelOwner+"="+containers.OwnerOf(host, os.Getpid()))})
		require.NoError(t, err)
		require.Len(t, cs.Items, len(containers.Services), "the stack's containers, by label")
		published := 0
		for _, c := range cs.Items {
			in, err := cli.ContainerInspect(ctx, c.ID, client.ContainerInspectOptions{})
			require.NoError(t, err)
			for port, bs := range in.Container.NetworkSettings.Ports {
				for _, b := range bs {
					published++
					assert.Equal(t, "127.0.0.1", b.HostIP.String(), "%s %s", c.Names, port)
				}
			}
		}
		assert.GreaterOrEqual(t, published, 6)
	})

	t.Run("kafka", func(t *testing.T) {
		topic := "containers_smoke"
		w := &kafka.Writer{Addr: kafka.TCP(ep.Kafka...), Topic: topic, AllowAutoTopicCreation: true, RequiredAcks: kafka.RequireAll}
		defer w.Close()
		// A new topic's first write meets LEADER_NOT_AVAILABLE while its
		// partition elects a leader: retried, as a producer's retries would.
		wctx, wcancel := context.WithTimeout(ctx, 30*time.Second)
		defer wcancel()
		for {
			err := w.WriteMessages(wctx, kafka.Message{Value: []byte(`{"event_type": "purchase_sword"}`)})
			if err == nil {
				break
			}
			require.Truef(t, errors.Is(err, kafka.LeaderNotAvailable) || errors.Is(err, kafka.UnknownTopicOrPartition), "write: %v", err)
			select {
			case <-wctx.Done():
				t.Fatalf("write: %v", err)
			case <-time.After(100 * time.Millisecond):
			}
		}
		rd := kafka.NewReader(kafka.ReaderConfig{Brokers: ep.Kafka, Topic: topic, StartOffset: kafka.FirstOffset})
		defer rd.Close()
		rctx, rcancel := context.WithTimeout(ctx, time.Minute)
		defer rcancel()
		m, err := rd.ReadMessage(rctx)
		require.NoError(t, err)
		assert.Equal(t, `{"event_type": "purchase_sword"}`, string(m.Value))
	})

	t.Run("hdfs", func(t *testing.T) {
		fs, err := ep.OpenWarehouse()
		require.NoError(t, err)
		defer fs.Close()
		w, err := fs.Create("/tmp/containers_smoke/part-0")
		require.NoError(t, err)
		_, err = io.WriteString(w, "hello hdfs\n")
		require.NoError(t, err)
		require.NoError(t, w.Close(), "the block goes to the DataNode at the address the NameNode hands out")
		f, err := fs.Open("/tmp/containers_smoke/part-0")
		require.NoError(t, err)
		b, err := io.ReadAll(f)
		f.Close()
		require.NoError(t, err)
		assert.Equal(t, "hello hdfs\n", string(b))
		infos, err := fs.ReadDir("/tmp/containers_smoke")
		require.NoError(t, err)
		require.Len(t, infos, 1)
		require.NoError(t, fs.RemoveAll("/tmp/containers_smoke"))
	})

	t.Run("metastore", func(t *testing.T) {
		c, err := hms.Dial(ep.Metastore)
		require.NoError(t, err)
		defer c.Close()
		dbs, err := c.Databases()
		require.NoError(t, err)
		assert.Contains(t, dbs, "default")
	})

	t.Run("presto", func(t *testing.T) {
		db, err := sql.Open("presto", strings.Replace(ep.Presto, "http://", "presto://", 1)+"/hive/default")
		require.NoError(t, err)
		defer db.Close()
		var one int64
		require.NoError(t, db.QueryRowContext(ctx, "SELECT 1").Scan(&one))
		assert.Equal(t, int64(1), one)
		rows, err := db.QueryContext(ctx, "SHOW CATALOGS")
		require.NoError(t, err)
		defer rows.Close()
		var catalogs []string
		for rows.Next() {
			var c string
			require.NoError(t, rows.Scan(&c))
			catalogs = append(catalogs, c)
		}
		require.NoError(t, rows.Err())
		assert.Contains(t, catalogs, "hive")
	})

	// A Hive table through Presto: Parquet files in HDFS, an external table
	// over them in the metastore, then SHOW TABLES and SELECT through
	// presto-go-client. This is what a metastore Presto cannot read fails:
	// PrestoDB reads the table with get_table, which Hive 4 removed; and
	// SHOW TABLES filters TABLE_PARAMS, which Hive 3.1's Derby schema made a CLOB.
	t.Run("hive table through presto", func(t *testing.T) {
		// Files written from this machine (ep.Warehouse), the table's location
		// in the services' own address (ep.Locations), which Presto reads.
		fs, err := ep.OpenWarehouse()
		require.NoError(t, err)
		defer fs.Close()
		const dir = "/tmp/containers_smoke_table"
		type row struct {
			Host string `parquet:"host"`
			N    int64  `parquet:"n"`
		}
		w, err := fs.Create(dir + "/part-00000.snappy.parquet")
		require.NoError(t, err)
		require.NoError(t, parquet.Write(w, []row{{"user1.comcast.com", 1}, {"user2.att.com", 2}}, parquet.Compression(&parquet.Snappy)))
		require.NoError(t, w.Close())
		t.Cleanup(func() { fs.RemoveAll(dir) })

		c, err := hms.Dial(ep.Metastore)
		require.NoError(t, err)
		defer c.Close()
		const table = "containers_smoke"
		assert.Equal(t, "hdfs://namenode:8020"+dir, fs.URI(dir))
		require.NoError(t, c.CreateTable(hms.Table{DB: "default", Name: table, Location: fs.URI(dir),
			Columns: []hms.Column{{Name: "host", Type: "string"}, {Name: "n", Type: "bigint"}}}))
		t.Cleanup(func() { c.DropTable("default", table) })

		db, err := sql.Open("presto", strings.Replace(ep.Presto, "http://", "presto://", 1)+"/hive/default")
		require.NoError(t, err)
		defer db.Close()
		qctx, qcancel := context.WithTimeout(ctx, 2*time.Minute)
		defer qcancel()
		tables, err := db.QueryContext(qctx, "SHOW TABLES")
		require.NoError(t, err, "SHOW TABLES")
		var names []string
		for tables.Next() {
			var n string
			require.NoError(t, tables.Scan(&n))
			names = append(names, n)
		}
		require.NoError(t, tables.Err())
		tables.Close()
		assert.Contains(t, names, table)

		rows, err := db.QueryContext(qctx, "SELECT host, n FROM "+table+" ORDER BY n")
		require.NoError(t, err, "SELECT through Presto (PrestoDB calls the metastore's get_table)")
		defer rows.Close()
		var got []row
		for rows.Next() {
			var r row
			require.NoError(t, rows.Scan(&r.Host, &r.N))
			got = append(got, r)
		}
		require.NoError(t, rows.Err())
		assert.Equal(t, []row{{"user1.comcast.com", 1}, {"user2.att.com", 2}}, got)
	})
}
