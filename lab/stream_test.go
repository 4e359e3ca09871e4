package main_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
	"github.com/fullstack-lab/fullstack-lab/steps/stream"
)

// TestMain tears down the shared stacks (local, containers) that
// harness.Start started for the stream tests.
func TestMain(m *testing.M) { harness.Main(m) }

// startServe runs `lab serve` on a free port and returns its URL, read from
// the lines it prints (its stdout is drained until it exits).
func startServe(t *testing.T, args ...string) string {
	t.Helper()
	serve := exec.Command(labBinary(t), append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	stdout, err := serve.StdoutPipe()
	require.NoError(t, err)
	var stderr harness.Buffer
	serve.Stderr = &stderr
	require.NoError(t, serve.Start())
	urls, drained := make(chan string, 1), make(chan struct{})
	go func() {
		defer close(drained)
		sc := bufio.NewScanner(stdout)
		url := regexp.MustCompile(`http://127\.0\.0\.1:\d+`)
		found := false
		for sc.Scan() {
			if u := url.FindString(sc.Text()); u != "" && !found {
				found = true
				urls <- u
			}
		}
		io.Copy(io.Discard, stdout) // after a Scanner error (a too long line)
		close(urls)
	}()
	t.Cleanup(func() { serve.Process.Kill(); <-drained; serve.Wait() })
	select {
	case u, ok := <-urls:
		require.True(t, ok, "lab serve printed no URL:\n%s", stderr.String())
		return u
	case <-time.After(60 * time.Second):
		t.Fatalf("lab serve printed no URL within 60s:\n%s", stderr.String())
		return ""
	}
}

// streamProc is a running `lab stream`.
type streamProc struct {
	cmd   *exec.Cmd
	out   *harness.Buffer
	stdin io.WriteCloser
	done  chan struct{}
	err   error
}

// startStream runs `lab stream --sink parquet` of topic into out with
// checkpoint ck on the stack s, every addresses given by flags; env is added
// to its environment.
func startStream(t *testing.T, s *harness.Stack, env []string, topic, out, ck string, extra ...string) *streamProc {
	t.Helper()
	args := append([]string{"stream", "--sink", "parquet", "--trigger", "200ms", "--starting-offsets", "earliest",
		"-b", strings.Join(s.Kafka, ","), "--warehouse", s.Warehouse, "--dir", t.TempDir(),
		"--topic", topic, "--path", out, "--checkpoint", ck}, extra...)
	p := &streamProc{cmd: exec.Command(labBinary(t), args...), out: &harness.Buffer{}, done: make(chan struct{})}
	p.cmd.Env = append(os.Environ(), env...)
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	var err error
	p.stdin, err = p.cmd.StdinPipe()
	require.NoError(t, err)
	require.NoError(t, p.cmd.Start())
	go func() { p.err = p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() { p.cmd.Process.Kill(); <-p.done })
	return p
}

// waitFor waits until cond holds of the process's output, failing if the
// process exits first or 60 s pass.
func (p *streamProc) waitFor(t *testing.T, what string, cond func(out string) bool) {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); !cond(p.out.String()); time.Sleep(20 * time.Millisecond) {
		select {
		case <-p.done:
			if cond(p.out.String()) {
				return
			}
			t.Fatalf("lab stream exited (%v) before %s:\n%s", p.err, what, p.out)
		default:
		}
		require.True(t, time.Now().Before(deadline), "%s within 60s:\n%s", what, p.out)
	}
}

func (p *streamProc) waitLine(t *testing.T, s string) {
	t.Helper()
	p.waitFor(t, fmt.Sprintf("%q", s), func(out string) bool { return strings.Contains(out, s) })
}

func (p *streamProc) wait(t *testing.T, within time.Duration) {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(within):
		t.Fatalf("lab stream still running after %s:\n%s", within, p.out)
	}
}

func (p *streamProc) running() bool {
	select {
	case <-p.done:
		return false
	default:
		return true
	}
}

// batchLog is a batch as `lab stream` logs it, once committed.
type batchLog struct {
	id, read, rows int
	file           string // the file's URI, "" without rows
}

var batchLine = regexp.MustCompile(`(?m)^stream: batch (\d+): (\d+) records? read, (\d+) rows?(?: written to ([^ ,]+)| already in ([^ ,]+) \(kept from the earlier run\)|, no file),`)

func batches(out string) []batchLog {
	var bs []batchLog
	for _, m := range batchLine.FindAllStringSubmatch(out, -1) {
		id, _ := strconv.Atoi(m[1])
		read, _ := strconv.Atoi(m[2])
		rows, _ := strconv.Atoi(m[3])
		bs = append(bs, batchLog{id: id, read: read, rows: rows, file: m[4] + m[5]})
	}
	return bs
}

func totalRead(out string) int {
	n := 0
	for _, b := range batches(out) {
		n += b.read
	}
	return n
}

// purchaseRow is a row of the stream's files (extract's explicit schema).
type purchaseRow struct {
	RawEvent  *string `parquet:"raw_event,optional"`
	Timestamp *string `parquet:"timestamp,optional"`
	Accept    *string `parquet:"Accept,optional"`
	Host      *string `parquet:"Host,optional"`
	UserAgent *string `parquet:"User-Agent,optional"`
	EventType *string `parquet:"event_type,optional"`
}

var partFile = regexp.MustCompile(`^part-00000-[0-9a-f-]{36}-c000\.snappy\.parquet$`)

// readParts checks dir holds only finished part files (and maybe the
// sink's _temporary) and returns their rows per file name.
func readParts(t *testing.T, fsys warehouse.FS, dir string) map[string][]purchaseRow {
	t.Helper()
	infos, err := fsys.ReadDir(dir)
	require.NoError(t, err)
	files := map[string][]purchaseRow{}
	for _, fi := range infos {
		if fi.Name() == stream.TempDir {
			continue // hidden from readers, as every name starting with _
		}
		require.Regexp(t, partFile, fi.Name(), "entry of %s", dir)
		f, err := fsys.Open(path.Join(dir, fi.Name()))
		require.NoError(t, err)
		rows, err := parquet.Read[purchaseRow](f, f.Size())
		f.Close()
		require.NoError(t, err, "read %s", fi.Name())
		files[fi.Name()] = rows
	}
	return files
}

// checkRows checks rows are exactly the purchases among values, by content:
// raw_event is the record's value, the other columns its fields.
func checkRows(t *testing.T, values []string, rows []purchaseRow) {
	t.Helper()
	var want, got []string
	for _, v := range values {
		if strings.Contains(v, `"event_type": "purchase_sword"`) {
			want = append(want, v)
		}
	}
	for i, r := range rows {
		require.NotNil(t, r.RawEvent, "row %d", i)
		got = append(got, *r.RawEvent)
		var ev map[string]string
		require.NoError(t, json.Unmarshal([]byte(*r.RawEvent), &ev), "row %d", i)
		for col, v := range map[string]*string{"Host": r.Host, "Accept": r.Accept, "User-Agent": r.UserAgent, "event_type": r.EventType} {
			if assert.NotNil(t, v, "row %d: %s", i, col) {
				assert.Equal(t, ev[col], *v, "row %d: %s", i, col)
			}
		}
		assert.Regexp(t, `^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,3})?$`, *r.Timestamp, "row %d", i)
	}
	sort.Strings(want)
	sort.Strings(got)
	assert.Equal(t, want, got, "the files hold exactly the purchases sent, each once")
}

// lab stream --sink parquet with the class's ab runs: one file per batch with
// purchases, every record read once whatever the batches, Ctrl-C ends it
// cleanly, and a checkpoint of another topic is refused.
func TestStreamParquet(t *testing.T) {
	s := harness.Start(t)
	topic, out, ck := s.Name("events"), s.Path("/tmp/sword_purchases"), s.Path("/tmp/checkpoints_for_sword_purchases")
	dir := t.TempDir()
	kafka := strings.Join(s.Kafka, ",")
	fsys, err := s.OpenWarehouse()
	require.NoError(t, err)
	t.Cleanup(func() { fsys.Close() })

	url := startServe(t, "-b", kafka, "--topic", topic, "--dir", dir)
	bench := func(n int, host, route string) {
		t.Helper()
		o := mustLab(t, dir, "bench", "-n", strconv.Itoa(n), "-H", "Host: "+host, url+route)
		require.Contains(t, o, fmt.Sprintf("Complete requests:      %d\n", n), o)
		require.Contains(t, o, "Failed requests:        0\n", o)
		require.NotContains(t, o, "Non-2xx responses:", o)
	}
	bench(10, "user1.comcast.com", "/purchase_a_sword")

	st := startStream(t, s, nil, topic, out, ck)
	// However the records fall into batches (the trigger is 200 ms, ab's
	// requests are sequential), every record is read once.
	st.waitFor(t, "the first 10 records read", func(o string) bool { return totalRead(o) >= 10 })
	bench(5, "user2.att.com", "/purchase_a_sword")
	bench(5, "user2.att.com", "/")
	st.waitFor(t, "all 20 records read", func(o string) bool { return totalRead(o) >= 20 })

	require.NoError(t, st.cmd.Process.Signal(os.Interrupt))
	st.wait(t, 30*time.Second)
	require.NoError(t, st.err, st.out.String())
	assert.Contains(t, st.out.String(), "stream: interrupt: stopping after the batch in flight is committed; Ctrl-C again to stop at once\n")
	assert.True(t, strings.HasSuffix(st.out.String(), "stream: stopped after the last committed batch\n"), st.out.String())

	// The batches as logged: numbered from 0, every record read once, one
	// file per batch with rows, holding that batch's rows.
	logged := batches(st.out.String())
	read, rows := 0, 0
	fromLog := map[string]int{}
	for i, b := range logged {
		assert.Equal(t, i, b.id, "batches are numbered from 0, one after the other")
		read += b.read
		rows += b.rows
		if b.rows > 0 {
			require.NotEmpty(t, b.file, "batch %d has rows and a file", b.id)
			fromLog[b.file] = b.rows
		} else {
			assert.Empty(t, b.file)
		}
	}
	t.Logf("%d batches, %d with rows: %v", len(logged), len(fromLog), logged)
	assert.Equal(t, 20, read, "records read, over all batches")
	assert.Equal(t, 15, rows, "rows written, over all batches")

	files := map[string]int{}
	var all []purchaseRow
	for name, rs := range readParts(t, fsys, out) {
		files[fsys.URI(path.Join(out, name))] = len(rs)
		all = append(all, rs...)
	}
	assert.Equal(t, fromLog, files, "one file per batch with rows, with the batch's rows")
	tail := mustLab(t, dir, "tail", "-b", kafka, "-t", topic, "-o", "beginning", "-e")
	var values []string
	for _, l := range strings.Split(tail, "\n") {
		if strings.HasPrefix(l, "{") {
			values = append(values, l)
		}
	}
	require.Len(t, values, 20, tail)
	checkRows(t, values, all)
	perHost := map[string]int{}
	for _, r := range all {
		perHost[*r.Host]++
	}
	assert.Equal(t, map[string]int{"user1.comcast.com": 10, "user2.att.com": 5}, perHost)

	ls := mustLab(t, dir, "fs", "ls", "--warehouse", s.Warehouse, out)
	assert.Contains(t, ls, fmt.Sprintf("Found %d items\n", len(fromLog)), ls)
	assert.Equal(t, len(fromLog), strings.Count(ls, out+"/part-00000-"), ls)

	cp, err := stream.ReadCheckpoint(fsys, ck)
	require.NoError(t, err)
	assert.False(t, cp.Pending)
	assert.EqualValues(t, len(logged)-1, cp.Committed)

	o, err := lab(t, dir, "stream", "--sink", "parquet", "-b", kafka, "--warehouse", s.Warehouse,
		"--path", out, "--checkpoint", ck, "--topic", s.Name("other"))
	require.Error(t, err)
	assert.Contains(t, o, `lab: stream: checkpoint `+ck+`: checkpoint belongs to another query: it reads topic "`+topic+`", this query reads "`+s.Name("other")+`"`)
}

// ctrlCSetup produces 60 records (50 purchases, each of its own Host) and
// returns the stack, its warehouse, the topic, the output directory and the checkpoint.
func ctrlCSetup(t *testing.T) (*harness.Stack, warehouse.FS, []string, string, string, string) {
	s := harness.Start(t)
	fsys, err := s.OpenWarehouse()
	require.NoError(t, err)
	t.Cleanup(func() { fsys.Close() })
	var vals []string
	for i := range 50 {
		vals = append(vals, fmt.Sprintf(`{"event_type": "purchase_sword", "Host": "user%d.comcast.com", "User-Agent": "ApacheBench/2.3", "Accept": "*/*"}`, i))
		if i%5 == 0 {
			vals = append(vals, fmt.Sprintf(`{"event_type": "default", "Host": "user%d.comcast.com", "User-Agent": "ApacheBench/2.3", "Accept": "*/*"}`, i))
		}
	}
	topic := s.Name("events")
	s.Produce(t, topic, vals...)
	return s, fsys, vals, topic, s.Path("/tmp/sword_purchases"), s.Path("/tmp/checkpoints_for_sword_purchases")
}

// checkInFlight checks batch 0, paused, shows nowhere yet: no file in the
// directory, no commit. Paused after its file's write, the file waits under
// _temporary.
func checkInFlight(t *testing.T, fsys warehouse.FS, out, ck string, written bool) {
	t.Helper()
	assert.Empty(t, readParts(t, fsys, out), "no file in %s before the rename", out)
	tmp, err := fsys.ReadDir(path.Join(out, stream.TempDir))
	if written {
		require.NoError(t, err)
		require.Len(t, tmp, 1)
		assert.True(t, strings.HasSuffix(tmp[0].Name(), ".snappy.parquet.tmp"), tmp[0].Name())
	} else {
		assert.ErrorIs(t, err, fs.ErrNotExist, "nothing written before the batch reads")
	}
	cp, err := stream.ReadCheckpoint(fsys, ck)
	require.NoError(t, err)
	assert.True(t, cp.Pending)
	assert.EqualValues(t, -1, cp.Committed)
	_, err = fsys.Stat(path.Join(ck, "commits/0"))
	assert.ErrorIs(t, err, fs.ErrNotExist)
}

// checkCommitted checks batch 0 is committed, with exactly the purchases of vals in one file.
func checkCommitted(t *testing.T, fsys warehouse.FS, vals []string, out, ck string) {
	t.Helper()
	_, err := fsys.Stat(path.Join(ck, "commits/0"))
	require.NoError(t, err, "commits/0")
	cp, err := stream.ReadCheckpoint(fsys, ck)
	require.NoError(t, err)
	assert.False(t, cp.Pending)
	assert.EqualValues(t, 0, cp.Committed)
	assert.Equal(t, stream.Offsets{0: int64(len(vals))}, cp.End)
	files := readParts(t, fsys, out)
	require.Len(t, files, 1)
	for name, rows := range files {
		assert.Equal(t, stream.FileName(cp.ID, 0), name)
		checkRows(t, vals, rows)
	}
	_, err = fsys.Stat(path.Join(out, stream.TempDir))
	assert.ErrorIs(t, err, fs.ErrNotExist, "nothing left under _temporary")
}

const (
	pausedLine      = "pausing at %s of batch 0 until a line on stdin\n"
	interruptedLine = "stream: interrupt: stopping after the batch in flight is committed; Ctrl-C again to stop at once\n"
	batch0Line      = "stream: batch 0: 60 records read, 50 rows written to "
	stoppedLine     = "stream: stopped after the last committed batch\n"
)

// Ctrl-C while a batch is in flight: the batch finishes and is committed,
// then lab stream exits 0. The batch is held by LAB_STREAM_PAUSE_AT once its
// offsets are planned, before it reads a record, until the test has sent
// Ctrl-C and seen it taken: all of the batch's work comes after the Ctrl-C.
func TestStreamCtrlCFinishesTheBatchInFlight(t *testing.T) {
	s, fsys, vals, topic, out, ck := ctrlCSetup(t)
	p := startStream(t, s, []string{stream.EnvPauseAt + "=after-offsets:0"}, topic, out, ck)
	p.waitLine(t, fmt.Sprintf(pausedLine, "after-offsets"))
	checkInFlight(t, fsys, out, ck, false)

	require.NoError(t, p.cmd.Process.Signal(os.Interrupt))
	p.waitLine(t, interruptedLine)
	require.True(t, p.running(), "lab stream waits for its batch:\n%s", p.out)
	assert.NotContains(t, p.out.String(), "stream: batch 0:")

	_, err := io.WriteString(p.stdin, "\n") // the batch goes on
	require.NoError(t, err)
	p.wait(t, 30*time.Second)
	require.NoError(t, p.err, "exit code 0 after Ctrl-C:\n%s", p.out)
	o := p.out.String()
	assert.Contains(t, o, batch0Line)
	assert.Less(t, strings.Index(o, interruptedLine), strings.Index(o, batch0Line), "batch 0 finished after the Ctrl-C")
	assert.True(t, strings.HasSuffix(o, stoppedLine), o)
	assert.Len(t, batches(o), 1, "no batch after the Ctrl-C")
	checkCommitted(t, fsys, vals, out, ck)
	t.Logf("lab stream:\n%s", o)
}

// A second Ctrl-C stops lab stream at once, in the middle of its batch (held
// by LAB_STREAM_PAUSE_AT, which is never released): nothing is committed and
// nothing is visible; the next run does the batch, exactly once.
func TestStreamSecondCtrlCStopsAtOnce(t *testing.T) {
	s, fsys, vals, topic, out, ck := ctrlCSetup(t)
	p := startStream(t, s, []string{stream.EnvPauseAt + "=after-write:0"}, topic, out, ck)
	p.waitLine(t, fmt.Sprintf(pausedLine, "after-write"))
	require.NoError(t, p.cmd.Process.Signal(os.Interrupt))
	p.waitLine(t, interruptedLine)
	require.True(t, p.running(), "lab stream waits for its batch:\n%s", p.out)

	require.NoError(t, p.cmd.Process.Signal(os.Interrupt))
	p.wait(t, 10*time.Second)
	ws, ok := p.cmd.ProcessState.Sys().(syscall.WaitStatus)
	require.True(t, ok && ws.Signaled() && ws.Signal() == syscall.SIGINT, "want death by the second SIGINT, got %v:\n%s", p.err, p.out)
	assert.NotContains(t, p.out.String(), "stream: batch 0:")
	assert.NotContains(t, p.out.String(), stoppedLine)
	checkInFlight(t, fsys, out, ck, true)

	// The next run does batch 0 again, over the same offsets, into the same file name.
	p = startStream(t, s, nil, topic, out, ck)
	p.waitLine(t, batch0Line)
	require.NoError(t, p.cmd.Process.Signal(os.Interrupt))
	p.wait(t, 30*time.Second)
	require.NoError(t, p.err, p.out.String())
	assert.Contains(t, p.out.String(), "stream: batch 0 was planned before the query stopped: running it again over the same offsets")
	checkCommitted(t, fsys, vals, out, ck)
	t.Logf("lab stream, run again:\n%s", p.out)
}
