package stream_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
	"github.com/fullstack-lab/fullstack-lab/steps/stream"
)

// envHelper carries the query of the stream process the kill test starts.
const envHelper = "STREAM_TEST_HELPER"

// helperQuery is the query a helper process runs.
type helperQuery struct {
	Brokers    []string
	Warehouse  string
	Topic      string
	Path       string
	Checkpoint string
	Trigger    time.Duration
	// CrashAt is the query's Hooks.CrashAt.
	CrashAt string
}

// TestHelperProcess is not a test: it is the stream process that TestKill9
// starts, kills and restarts. It runs the query until SIGINT.
func TestHelperProcess(t *testing.T) {
	spec := os.Getenv(envHelper)
	if spec == "" {
		return
	}
	var hq helperQuery
	if err := json.Unmarshal([]byte(spec), &hq); err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		os.Exit(2)
	}
	fsys, err := warehouse.Open(hq.Warehouse)
	if err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err = stream.Run(ctx, stream.Config{
		Brokers: hq.Brokers, Topic: hq.Topic, FS: fsys, Sink: stream.Parquet, Path: hq.Path,
		Checkpoint: hq.Checkpoint, Trigger: hq.Trigger, StartingOffsets: stream.Earliest, Log: os.Stderr,
		Hooks: stream.Hooks{CrashAt: hq.CrashAt},
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		os.Exit(1)
	}
	fmt.Fprintln(os.Stderr, "helper: stopped cleanly")
	os.Exit(0)
}

// proc is a running stream process.
type proc struct {
	cmd  *exec.Cmd
	out  *harness.Buffer
	done chan struct{}
	err  error
}

func startProc(t *testing.T, hq helperQuery, crashAt string) *proc {
	t.Helper()
	hq.CrashAt = crashAt
	spec, err := json.Marshal(hq)
	require.NoError(t, err)
	p := &proc{out: &harness.Buffer{}, done: make(chan struct{})}
	p.cmd = exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	p.cmd.Env = append(os.Environ(), envHelper+"="+string(spec))
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	require.NoError(t, p.cmd.Start())
	go func() { p.err = p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.done
	})
	return p
}

// wait waits for the process to exit.
func (p *proc) wait(t *testing.T, within time.Duration) {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(within):
		t.Fatalf("stream process still running after %s:\n%s", within, p.out)
	}
}

// killed reports whether the process died of SIGKILL.
func (p *proc) killed() bool {
	ws, ok := p.cmd.ProcessState.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL
}

// kill -9 of the stream process at random moments and at the moments that
// matter (after the offsets, after the file's write, between its rename and
// the commit, after the commit), each followed by a restart, while the ab
// loop runs: the directory ends with exactly the purchases sent.
func TestKill9(t *testing.T) {
	s := harness.Start(t)
	topic := s.Name("events")
	hq := helperQuery{
		Brokers: s.Kafka, Warehouse: s.Warehouse, Topic: topic, Trigger: trigger,
		Path: s.Path("/tmp/sword_purchases"), Checkpoint: s.Path("/tmp/checkpoints_for_sword_purchases"),
	}
	fsys := s.WarehouseFS(t)
	tr := startTraffic(t, s, topic)

	rounds := []string{"after-offsets", "random", "after-write", "after-rename", "after-commit", "random", "random", "random"}
	kills := 0
	for i, round := range rounds {
		crashAt := round
		if round == "random" {
			crashAt = ""
		}
		p := startProc(t, hq, crashAt)
		if round == "random" {
			time.Sleep(time.Duration(50+rand.IntN(600)) * time.Millisecond) // a random moment, not a readiness wait
			select {
			case <-p.done:
				t.Fatalf("round %d: the stream process exited by itself: %v\n%s", i, p.err, p.out)
			default:
			}
			require.NoError(t, p.cmd.Process.Kill())
		}
		p.wait(t, 30*time.Second)
		require.True(t, p.killed(), "round %d (%s): want death by SIGKILL, got %v\n%s", i, round, p.err, p.out)
		kills++
		if round != "random" {
			assert.Contains(t, p.out.String(), "killing myself at "+round, "round %d", i)
		}
		if i > 0 && rounds[i-1] == "after-rename" {
			// The batch killed between its rename and its commit ran again and kept its file.
			assert.Contains(t, p.out.String(), "(kept from the earlier run)", "round %d after after-rename:\n%s", i, p.out)
		}
		t.Logf("round %d (%s): killed\n%s", i, round, p.out)
	}
	require.GreaterOrEqual(t, kills, 5)

	tr.halt()
	p := startProc(t, hq, "")
	waitCaughtUp(t, s, fsys, hq.Checkpoint, topic, 30*time.Second)
	require.NoError(t, p.cmd.Process.Signal(os.Interrupt))
	p.wait(t, 30*time.Second)
	require.NoError(t, p.err, "Ctrl-C ends the query cleanly:\n%s", p.out)
	assert.True(t, strings.HasSuffix(p.out.String(), "helper: stopped cleanly\n"), p.out.String())

	purchases, malformed, runs := tr.result(t)
	rows, names := readDir(t, fsys, hq.Path)
	recs := s.Records(t, topic)
	assert.Equal(t, expectedRows(t, recs), rowStrings(rows), "exactly the purchases of the topic: none twice, none lost")
	perHost, sent := map[string]int{}, 0
	for _, r := range rows {
		perHost[*r.Host]++
	}
	for _, n := range purchases {
		sent += n
	}
	assert.Equal(t, purchases, perHost, "purchases per Host: sent to Kafka, rows in the files")
	t.Logf("%d kills, %d ab runs, %d purchases, %d malformed records, %d files", kills, runs, sent, malformed, len(names))
}
