package local_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/colinmarc/hdfs/v2"
	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/hms"
	"github.com/fullstack-lab/fullstack-lab/harness/local"
	"github.com/fullstack-lab/fullstack-lab/harness/stack"
	_ "github.com/prestodb/presto-go-client/v2"
	"github.com/segmentio/kafka-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMain(m *testing.M) {
	if dir := os.Getenv(envHelper); dir != "" {
		helperStack(dir) // never returns
	}
	harness.Main(m)
}

// needLocal skips unless the suite was asked to run on the real services
// (make test-local): they take a minute to start and 2 GB to fetch once.
func needLocal(t *testing.T) *harness.Stack {
	t.Helper()
	if stack.BackendFromEnv() != stack.Local {
		t.Skip("the real services run with LAB_STACK=local (make test-local)")
	}
	return harness.Start(t)
}

func TestKafkaProduceConsume(t *testing.T) {
	s := needLocal(t)
	topic := s.Name("smoke")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	want := []string{`{"event_type": "default"}`, `{"event_type": "purchase_sword"}`}
	s.Produce(t, topic, want...)
	r := kafka.NewReader(kafka.ReaderConfig{Brokers: s.Kafka, Topic: topic, StartOffset: kafka.FirstOffset, MaxWait: 100 * time.Millisecond})
	defer r.Close()
	var got []string
	for len(got) < len(want) {
		m, err := r.ReadMessage(ctx)
		require.NoError(t, err)
		got = append(got, string(m.Value))
	}
	assert.Equal(t, want, got)
}

// The DataNode must advertise an address this machine reaches: the client
// reads and writes blocks there, not through the NameNode.
func TestHDFSWriteReadListRenameDelete(t *testing.T) {
	s := needLocal(t)
	u, err := url.Parse(s.Warehouse)
	require.NoError(t, err)
	require.Equal(t, "hdfs", u.Scheme)
	c, err := hdfs.NewClient(hdfs.ClientOptions{Addresses: []string{u.Host}, User: "root"})
	require.NoError(t, err)
	defer c.Close()

	dir := s.Path("/tmp/smoke")
	require.NoError(t, c.MkdirAll(dir, 0o755))
	defer c.RemoveAll(dir)
	data := bytes.Repeat([]byte("sword "), 200_000) // 1.2 MB
	w, err := c.Create(dir + "/a.txt")
	require.NoError(t, err)
	_, err = w.Write(data)
	require.NoError(t, err)
	require.NoError(t, closeReplicated(w))

	infos, err := c.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, infos, 1)
	assert.Equal(t, "a.txt", infos[0].Name())
	assert.EqualValues(t, len(data), infos[0].Size())

	require.NoError(t, c.Rename(dir+"/a.txt", dir+"/b.txt"))
	f, err := c.Open(dir + "/b.txt")
	require.NoError(t, err)
	got, err := io.ReadAll(f)
	f.Close()
	require.NoError(t, err)
	assert.True(t, bytes.Equal(data, got), "read back %d bytes, wrote %d", len(got), len(data))

	require.NoError(t, c.Remove(dir+"/b.txt"))
	_, err = c.Stat(dir + "/b.txt")
	assert.ErrorIs(t, err, os.ErrNotExist)
}

// closeReplicated closes an HDFS file, retrying while the NameNode waits
// for the last block's replica (as the warehouse package does).
func closeReplicated(w *hdfs.FileWriter) error {
	for i := 0; ; i++ {
		err := w.Close()
		if !errors.Is(err, hdfs.ErrReplicating) || i == 50 {
			return err
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestMetastoreCreateGetDropTable(t *testing.T) {
	s := needLocal(t)
	c, err := hms.Dial(s.Metastore)
	require.NoError(t, err)
	defer c.Close()
	tbl := hms.Table{DB: "default", Name: s.Name("smoke"), Location: s.Warehouse + s.Path("/tmp/smoke"),
		Columns: []hms.Column{{Name: "host", Type: "string"}, {Name: "n", Type: "bigint"}}}
	require.NoError(t, c.CreateTable(tbl))
	got, err := c.Table("default", tbl.Name)
	require.NoError(t, err)
	assert.Equal(t, tbl.Columns, got.Columns)
	assert.Equal(t, tbl.Location, got.Location)
	require.NoError(t, c.DropTable("default", tbl.Name))
	_, err = c.Table("default", tbl.Name)
	assert.ErrorIs(t, err, hms.ErrNotFound)
}

func TestPrestoSelectOneShowCatalogs(t *testing.T) {
	s := needLocal(t)
	db, err := sql.Open("presto", strings.Replace(s.Presto, "http://", "presto://lab@", 1)+"/hive/default")
	require.NoError(t, err)
	defer db.Close()
	var one int
	require.NoError(t, db.QueryRow("SELECT 1").Scan(&one))
	assert.Equal(t, 1, one)
	rows, err := db.Query("SHOW CATALOGS")
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
}

// A stack of its own: the metastore restarts in the middle of a client's
// session (the tables are still there, the client reconnects by itself);
// then the stack is closed and none of its processes is left.
func TestMetastoreRestartThenClose(t *testing.T) {
	needLocal(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	s, err := local.Start(ctx, local.OptionsFromEnv(), stack.Options{Dir: t.TempDir()})
	require.NoError(t, err)
	defer s.Close()

	ep := s.Endpoints()
	c, err := hms.Dial(ep.Metastore)
	require.NoError(t, err)
	defer c.Close()
	tbl := hms.Table{DB: "default", Name: "purchases", Location: ep.Warehouse + "/tmp/purchases",
		Columns: []hms.Column{{Name: "host", Type: "string"}}}
	require.NoError(t, c.CreateTable(tbl))
	before := s.PIDs()
	require.NoError(t, s.Restart(ctx, "metastore"))
	assert.NotEqual(t, before, s.PIDs(), "the metastore is a new process")
	got, err := c.Table("default", "purchases")
	require.NoError(t, err, "the client reconnects to the restarted metastore")
	assert.Equal(t, tbl.Location, got.Location)
	require.NoError(t, c.DropTable("default", "purchases"))
	require.NoError(t, s.Restart(ctx, "metastore"))
	tables, err := c.Tables("default")
	require.NoError(t, err)
	assert.NotContains(t, tables, "purchases")

	pids := s.PIDs()
	require.Len(t, pids, services(), "zookeeper (not with Kafka 4), kafka, namenode, datanode, metastore, presto")
	for _, pid := range pids {
		require.True(t, alive(pid), "pid %d", pid)
	}
	require.NoError(t, s.Close())
	for _, pid := range pids {
		assert.False(t, alive(pid), "pid %d is left after Close", pid)
	}
}

// The process that started the stack dies by SIGKILL (no cleanup runs):
// the kernel still ends every service (Pdeathsig).
func TestKilledStarterLeavesNoProcess(t *testing.T) {
	needLocal(t)
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "pids")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envHelper+"="+dir)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	require.NoError(t, cmd.Start())
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()

	var pids []int
	deadline := time.After(5 * time.Minute)
	for pids == nil {
		select {
		case <-exited:
			t.Fatalf("the helper exited before its stack was up:\n%s", out.String())
		case <-deadline:
			cmd.Process.Kill()
			t.Fatalf("the helper's stack did not come up:\n%s", out.String())
		case <-time.After(200 * time.Millisecond):
		}
		if b, err := os.ReadFile(pidFile); err == nil {
			for _, f := range strings.Fields(string(b)) {
				pid, _ := strconv.Atoi(f)
				pids = append(pids, pid)
			}
		}
	}
	require.Len(t, pids, services())
	require.NoError(t, cmd.Process.Kill())
	<-exited
	for _, pid := range pids {
		gone := waitGone(pid, 30*time.Second)
		assert.True(t, gone, "pid %d outlived the process that started it", pid)
		if !gone {
			syscall.Kill(-pid, syscall.SIGKILL)
		}
	}
}

// services is how many processes a stack of this test's own runs: Kafka 4
// (LAB_LOCAL_KAFKA=4) runs in KRaft mode, without ZooKeeper.
func services() int {
	if os.Getenv(local.EnvKafka) == "4" {
		return 5
	}
	return 6
}

const envHelper = "LAB_LOCAL_TEST_HELPER"

// helperStack starts a stack in dir, writes its services' pids, and waits to be killed.
func helperStack(dir string) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	s, err := local.Start(ctx, local.OptionsFromEnv(), stack.Options{Dir: filepath.Join(dir, "stack"), Progress: os.Stderr})
	cancel()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var b strings.Builder
	for _, pid := range s.PIDs() {
		fmt.Fprintln(&b, pid)
	}
	os.WriteFile(filepath.Join(dir, "pids.tmp"), []byte(b.String()), 0o644)
	os.Rename(filepath.Join(dir, "pids.tmp"), filepath.Join(dir, "pids"))
	select {}
}

// alive reports whether pid runs (and is not a zombie).
func alive(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	// pid (comm) STATE ...; comm may hold spaces, so read after the last ')'.
	s := string(b)
	if i := strings.LastIndexByte(s, ')'); i >= 0 && i+2 < len(s) {
		return s[i+2] != 'Z'
	}
	return true
}

func waitGone(pid int, d time.Duration) bool {
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		if !alive(pid) {
			return true
		}
	}
	return false
}
