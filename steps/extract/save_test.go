package extract_test

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
	"github.com/fullstack-lab/fullstack-lab/steps/extract"
)

// generation is a table whose every row carries the same tag, so a reader
// can tell which write it sees and whether it sees all of it.
func generation(tag string, rows int) extract.Table {
	t := extract.Table{Schema: extract.Schema{{Name: "gen", Type: extract.StringType}, {Name: "n", Type: extract.LongType}}}
	for i := range rows {
		t.Rows = append(t.Rows, extract.Row{extract.StringValue(tag), extract.LongValue(int64(i))})
	}
	return t
}

type genRow struct {
	Gen *string `parquet:"gen,optional"`
	N   *int64  `parquet:"n,optional"`
}

// contents is the one generation p holds whole ("" if p is missing); it
// fails the test on anything else: a mix, rows missing, a part unreadable.
func contents(t *testing.T, fsys warehouse.FS, p string, sizes map[string]int) string {
	t.Helper()
	if _, err := fsys.Stat(p); err != nil {
		return ""
	}
	rows, _ := readParquet[genRow](t, fsys, partFiles(t, fsys, p))
	require.NotEmpty(t, rows, "%s holds no rows", p)
	tag := *rows[0].Gen
	for i, r := range rows {
		require.Equal(t, tag, *r.Gen, "%s mixes two writes", p)
		require.Equal(t, int64(i), *r.N)
	}
	require.Len(t, rows, sizes[tag], "%s holds part of write %q", p, tag)
	return tag
}

// pausing is a warehouse that stops before its nth change (create, write,
// rename, exchange, remove, mkdir), prints "PAUSE <n> <what>" and waits to
// be killed.
type pausing struct {
	warehouse.FS
	at, n int
	mu    sync.Mutex
	out   io.Writer
}

func (p *pausing) step(what string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	if p.n == p.at {
		fmt.Fprintf(p.out, "PAUSE %d %s\n", p.n, what)
		select {} // until killed
	}
}

func (p *pausing) Create(name string) (io.WriteCloser, error) {
	p.step("create " + name)
	w, err := p.FS.Create(name)
	if err != nil {
		return nil, err
	}
	return pausingWriter{w, p, name}, nil
}

func (p *pausing) MkdirAll(name string) error { p.step("mkdir " + name); return p.FS.MkdirAll(name) }
func (p *pausing) RemoveAll(name string) error {
	p.step("remove " + name)
	return p.FS.RemoveAll(name)
}

func (p *pausing) Rename(oldname, newname string) error {
	p.step("rename " + oldname + " -> " + newname)
	return p.FS.Rename(oldname, newname)
}

func (p *pausing) Exchange(oldname, newname string) error {
	x, ok := p.FS.(warehouse.Exchanger)
	if !ok {
		return errors.ErrUnsupported
	}
	p.step("exchange " + oldname + " <-> " + newname)
	return x.Exchange(oldname, newname)
}

type pausingWriter struct {
	io.WriteCloser
	p    *pausing
	name string
}

func (w pausingWriter) Write(b []byte) (int, error) {
	w.p.step("write " + w.name)
	return w.WriteCloser.Write(b)
}

// TestSaveKilledChild is the child of TestOverwriteKilledAtEachStep: it
// overwrites the path with generation "new", pausing before change n.
func TestSaveKilledChild(t *testing.T) {
	root := os.Getenv("SAVE_KILL_ROOT")
	if root == "" {
		t.Skip("run by TestOverwriteKilledAtEachStep")
	}
	at, err := strconv.Atoi(os.Getenv("SAVE_KILL_AT"))
	require.NoError(t, err)
	l, err := warehouse.NewLocal(root)
	require.NoError(t, err)
	var fsys warehouse.FS = l
	if os.Getenv("SAVE_KILL_EXCHANGE") != "1" {
		fsys = &warehouse.Faulty{FS: l} // no Exchange: the two renames HDFS gets
	}
	p := &pausing{FS: fsys, at: at, out: os.Stdout}
	_, err = extract.SaveTable(p, os.Getenv("SAVE_KILL_PATH"), extract.Overwrite, generation("new", 5))
	require.NoError(t, err)
	fmt.Println("DONE")
}

// An overwrite killed (-9) before each change it makes leaves the old data
// or the new whole at the path; only between its two renames, where the
// filesystem cannot exchange, is the path missing. The next run, or a
// recovery pass as `lab up` would make, leaves the old data or the new whole
// and nothing hidden beside it. Several rounds, each stopping at every step.
func TestOverwriteKilledAtEachStep(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process per step")
	}
	sizes := map[string]int{"old": 3, "new": 5, "next": 7}
	for _, exchange := range []bool{true, false} {
		t.Run(fmt.Sprintf("exchange=%v", exchange), func(t *testing.T) {
			root := t.TempDir()
			fsys, err := warehouse.NewLocal(root)
			require.NoError(t, err)
			p := "/tmp/purchases"
			for round := range 3 {
				steps := 0
				for at := 1; ; at++ {
					_, err := extract.SaveTable(fsys, p, extract.Overwrite, generation("old", 3))
					require.NoError(t, err)
					paused, what := killChild(t, root, p, at, exchange)
					if !paused {
						break
					}
					steps++
					// What a reader sees right after the kill.
					got := contents(t, fsys, p, sizes)
					between := strings.HasPrefix(what, "rename ") && strings.HasSuffix(what, " -> "+p)
					switch {
					case got == "" && !exchange && between:
					case got == "":
						t.Fatalf("round %d, killed before %q: %s is missing", round, what, p)
					}
					// Then the next run, or a recovery pass.
					if at%2 == 0 {
						_, err = extract.SaveTable(fsys, p, extract.Overwrite, generation("next", 7))
						require.NoError(t, err)
						assert.Equal(t, "next", contents(t, fsys, p, sizes))
					} else {
						require.NoError(t, warehouse.Recover(fsys, p))
						after := contents(t, fsys, p, sizes)
						assert.Contains(t, []string{"old", "new"}, after, "killed before %q", what)
						if got != "" {
							assert.Equal(t, got, after, "recovery kept what readers saw")
						}
					}
					noLeftovers(t, fsys, p)
				}
				t.Logf("round %d: killed before each of %d steps", round, steps)
				require.Greater(t, steps, 5)
				assert.Equal(t, "new", contents(t, fsys, p, sizes), "the child that was not killed wrote")
			}
		})
	}
}

// killChild runs TestSaveKilledChild pausing before change at, and kills it
// with SIGKILL there. It reports whether the child paused (else it finished)
// and the change it was about to make.
func killChild(t *testing.T, root, p string, at int, exchange bool) (bool, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestSaveKilledChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "SAVE_KILL_ROOT="+root, "SAVE_KILL_PATH="+p,
		"SAVE_KILL_AT="+strconv.Itoa(at), "SAVE_KILL_EXCHANGE="+map[bool]string{true: "1"}[exchange])
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	timeout := time.After(2 * time.Minute)
	var all []string
	for {
		select {
		case line, ok := <-lines:
			if !ok {
				err := cmd.Wait()
				require.NoError(t, err, "child: %s\n%s", strings.Join(all, "\n"), stderr.String())
				require.Contains(t, all, "DONE")
				return false, ""
			}
			all = append(all, line)
			if what, ok := strings.CutPrefix(line, fmt.Sprintf("PAUSE %d ", at)); ok {
				require.NoError(t, cmd.Process.Kill())
				for range lines {
				}
				cmd.Wait()
				return true, what
			}
		case <-timeout:
			t.Fatalf("child neither paused nor finished: %s", strings.Join(all, "\n"))
		}
	}
}
