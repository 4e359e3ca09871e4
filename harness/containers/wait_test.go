package containers_test

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness/containers"
	"github.com/fullstack-lab/fullstack-lab/harness/embedded/metastore"
	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/network"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	tcexec "github.com/testcontainers/testcontainers-go/exec"
	"github.com/testcontainers/testcontainers-go/wait"
)

// target is a container as a wait strategy sees it, without Docker: its
// port is published at addr on this machine.
type target struct {
	addr  string
	state container.State
}

var _ wait.StrategyTarget = (*target)(nil)

func (t *target) Host(context.Context) (string, error) {
	h, _, err := net.SplitHostPort(t.addr)
	return h, err
}

func (t *target) MappedPort(context.Context, string) (network.Port, error) {
	_, p, err := net.SplitHostPort(t.addr)
	if err != nil {
		return network.Port{}, err
	}
	return network.ParsePort(p + "/tcp")
}

func (t *target) State(context.Context) (*container.State, error) { return &t.state, nil }

func (t *target) Inspect(context.Context) (*container.InspectResponse, error) {
	return nil, errors.New("not a container")
}

func (t *target) Ports(context.Context) (network.PortMap, error) {
	return nil, errors.New("not a container")
}
func (t *target) Logs(context.Context) (io.ReadCloser, error) {
	return nil, errors.New("not a container")
}
func (t *target) Exec(context.Context, []string, ...tcexec.ProcessOption) (int, io.Reader, error) {
	return 0, nil, errors.New("not a container")
}

func (t *target) CopyFileFromContainer(context.Context, string) (io.ReadCloser, error) {
	return nil, errors.New("not a container")
}

func metastoreWait(t *testing.T) *containers.ProbeStrategy {
	t.Helper()
	reqs := requests(t, config())
	s, ok := reqs["metastore"].WaitingFor.(*containers.ProbeStrategy)
	require.True(t, ok, "the metastore waits on a probe, got %T", reqs["metastore"].WaitingFor)
	return s
}

// The metastore's wait asks for its databases over Thrift: a metastore that answers is ready.
func TestMetastoreWaitAsksOverThrift(t *testing.T) {
	srv, err := metastore.Start(t.TempDir())
	require.NoError(t, err)
	t.Cleanup(func() { srv.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	require.NoError(t, metastoreWait(t).WaitUntilReady(ctx, &target{addr: srv.Addr(), state: container.State{Running: true, Status: "running"}}))
}

// A port that accepts connections but does not speak Thrift is not a ready metastore.
func TestMetastoreWaitIsNotAnOpenPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close() // as Docker's port proxy does before the service listens
		}
	}()
	s := *metastoreWait(t)
	s.WithStartupTimeout(1500 * time.Millisecond).WithPollInterval(100 * time.Millisecond)
	err = s.WaitUntilReady(context.Background(), &target{addr: ln.Addr().String(), state: container.State{Running: true, Status: "running"}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "metastore get_all_databases on 9083/tcp: not ready within 1.5s")
	assert.Contains(t, err.Error(), "last answer:")
}

// A container that exited is reported at once, not after the timeout.
func TestProbeWaitStopsWhenTheContainerExits(t *testing.T) {
	s := *metastoreWait(t)
	s.WithStartupTimeout(time.Minute)
	t0 := time.Now()
	err := s.WaitUntilReady(context.Background(), &target{addr: "127.0.0.1:1", state: container.State{Status: "exited", ExitCode: 1}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "the container exited before it was ready (exit code 1)")
	assert.Less(t, time.Since(t0), 10*time.Second)
}

// ZooKeeper's wait wants imok to ruok.
func TestZooKeeperWaitAsksRuok(t *testing.T) {
	reqs := requests(t, config())
	ok := *reqs["zookeeper"].WaitingFor.(*containers.ProbeStrategy)
	ok.WithStartupTimeout(time.Minute).WithPollInterval(100 * time.Millisecond) // the answer comes at once; a loaded machine may be slow to ask
	s := *reqs["zookeeper"].WaitingFor.(*containers.ProbeStrategy)
	s.WithStartupTimeout(2 * time.Second).WithPollInterval(100 * time.Millisecond)
	serve := func(answer string) string {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		t.Cleanup(func() { ln.Close() })
		go func() {
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				b := make([]byte, 4)
				io.ReadFull(c, b)
				if string(b) == "ruok" {
					c.Write([]byte(answer))
				}
				c.Close()
			}
		}()
		return ln.Addr().String()
	}
	running := container.State{Running: true, Status: "running"}
	require.NoError(t, ok.WaitUntilReady(context.Background(), &target{addr: serve("imok"), state: running}))
	err := s.WaitUntilReady(context.Background(), &target{addr: serve(""), state: running})
	assert.ErrorContains(t, err, `ruok: answered ""`)
}

// The metastore's entrypoint makes the Derby schema fix of the local
// backend (TABLE_PARAMS.PARAM_VALUE VARCHAR, the other CLOBs kept), and
// refuses to start a metastore it could not fix. Run here with this
// machine's bash, sed and grep on a copy of the two lines concerned.
func TestMetastoreEntrypointFixesDerbySchema(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash here")
	}
	const schema = "/opt/hive/scripts/metastore/upgrade/derby/hive-schema-3.1.0.derby.sql"
	script := containers.MetastoreEntrypoint[2]
	require.Contains(t, script, schema)
	run := func(content string) (string, string, error) {
		dir := t.TempDir()
		f := filepath.Join(dir, "hive-schema-3.1.0.derby.sql")
		require.NoError(t, os.WriteFile(f, []byte(content), 0o644))
		s := strings.ReplaceAll(script, schema, f)
		s = strings.Replace(s, "exec su -p -s /bin/bash hive -c /entrypoint.sh", "echo entrypoint runs", 1)
		out, err := exec.Command("bash", "-c", s).CombinedOutput()
		b, rerr := os.ReadFile(f)
		require.NoError(t, rerr)
		return string(out), string(b), err
	}
	out, got, err := run(`CREATE TABLE "APP"."SERDE_PARAMS" ("SERDE_ID" BIGINT NOT NULL, "PARAM_KEY" VARCHAR(256) NOT NULL, "PARAM_VALUE" CLOB);
CREATE TABLE "APP"."TABLE_PARAMS" ("TBL_ID" BIGINT NOT NULL, "PARAM_KEY" VARCHAR(256) NOT NULL, "PARAM_VALUE" CLOB);
CREATE TABLE "APP"."SD_PARAMS" ("SD_ID" BIGINT NOT NULL, "PARAM_KEY" VARCHAR(256) NOT NULL, "PARAM_VALUE" CLOB);
`)
	require.NoError(t, err, out)
	assert.Equal(t, "entrypoint runs\n", out)
	assert.Equal(t, `CREATE TABLE "APP"."SERDE_PARAMS" ("SERDE_ID" BIGINT NOT NULL, "PARAM_KEY" VARCHAR(256) NOT NULL, "PARAM_VALUE" CLOB);
CREATE TABLE "APP"."TABLE_PARAMS" ("TBL_ID" BIGINT NOT NULL, "PARAM_KEY" VARCHAR(256) NOT NULL, "PARAM_VALUE" VARCHAR(32672));
CREATE TABLE "APP"."SD_PARAMS" ("SD_ID" BIGINT NOT NULL, "PARAM_KEY" VARCHAR(256) NOT NULL, "PARAM_VALUE" CLOB);
`, got)

	out, _, err = run(`CREATE TABLE "APP"."SD_PARAMS" ("SD_ID" BIGINT NOT NULL, "PARAM_KEY" VARCHAR(256) NOT NULL, "PARAM_VALUE" CLOB);
`)
	require.Error(t, err)
	assert.Contains(t, out, "lab: no TABLE_PARAMS to fix in")
	assert.NotContains(t, out, "entrypoint runs")
}
