package sparktest

import (
	"bytes"
	"context"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// proc is a `lab` command running in the background, its output watched.
type proc struct {
	args   []string
	cmd    *exec.Cmd
	cancel context.CancelFunc
	out    *watched
	errOut *watched
	done   chan struct{}
	err    error
}

// watched is an output buffer that wakes waiters on every write.
type watched struct {
	mu      sync.Mutex
	b       bytes.Buffer
	changed chan struct{}
}

func newWatched() *watched { return &watched{changed: make(chan struct{})} }

func (w *watched) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.b.Write(p)
	close(w.changed)
	w.changed = make(chan struct{})
	return len(p), nil
}

func (w *watched) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// waitFor waits until the output matches re (or the process ended, or the
// timeout passed) and returns the first match's submatches.
func (w *watched) waitFor(t testing.TB, p *proc, re *regexp.Regexp, timeout time.Duration) []string {
	t.Helper()
	deadline := time.After(timeout)
	for {
		w.mu.Lock()
		m := re.FindStringSubmatch(w.b.String())
		changed := w.changed
		w.mu.Unlock()
		if m != nil {
			return m
		}
		select {
		case <-changed:
		case <-p.done:
			if m := re.FindStringSubmatch(w.String()); m != nil {
				return m
			}
			require.FailNow(t, "lab "+strings.Join(p.args, " ")+" ended before printing "+re.String(),
				"err %v\nstdout:\n%s\nstderr:\n%s", p.err, tail(p.out.String(), 40), tail(p.errOut.String(), 40))
		case <-deadline:
			require.FailNow(t, "lab "+strings.Join(p.args, " ")+" did not print "+re.String()+" within "+timeout.String(),
				"stdout:\n%s\nstderr:\n%s", tail(p.out.String(), 40), tail(p.errOut.String(), 40))
		}
	}
}

// start runs `lab ARGS --dir DIR` in the background; the test's end stops it.
func (e *env) start(t testing.TB, args ...string) *proc {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*jobTimeout)
	p := &proc{args: args, cancel: cancel, out: newWatched(), errOut: newWatched(), done: make(chan struct{})}
	p.cmd = exec.CommandContext(ctx, e.lab, append([]string{"--dir", e.dir}, args...)...)
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.errOut
	p.cmd.Cancel = func() error { return p.cmd.Process.Signal(syscall.SIGINT) }
	p.cmd.WaitDelay = time.Minute
	require.NoError(t, p.cmd.Start())
	go func() { p.err = p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() { p.stop(t) })
	return p
}

// wait waits for the process to end by itself and returns its error.
func (p *proc) wait(t testing.TB, timeout time.Duration) error {
	t.Helper()
	select {
	case <-p.done:
		return p.err
	case <-time.After(timeout):
		require.FailNow(t, "lab "+strings.Join(p.args, " ")+" did not end within "+timeout.String(),
			"stdout:\n%s\nstderr:\n%s", tail(p.out.String(), 40), tail(p.errOut.String(), 40))
		return nil
	}
}

// stop interrupts the process (Ctrl-C) and waits for it.
func (p *proc) stop(t testing.TB) error {
	select {
	case <-p.done:
		return p.err
	default:
	}
	p.cancel()
	<-p.done
	return p.err
}
