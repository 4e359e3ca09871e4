package stream

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
)

// Hooks are test hooks: points of a batch where the query kills its own
// process or pauses, so that a test can crash the real stream process, or
// act while a batch is in flight, at the moments that matter. They are not
// part of the lab's interface ('lab stream --help' does not mention them).
// Each is a point, in the order a batch passes them,
//
//	after-offsets  offsets/N written, nothing read yet
//	after-write    the batch's Parquet file written under its temporary name
//	after-rename   the file renamed into the output directory, commits/N not written
//	after-commit   commits/N written
//
// followed by ":N" for the first batch numbered N or more that reaches it
// (left out: any batch), as in "after-rename:3".
type Hooks struct {
	// CrashAt kills the process with SIGKILL at its point: the kill -9 test
	// of exactly-once delivery across crashes (TestKill9 in kill_test.go).
	CrashAt string
	// PauseAt stops the query once at its point until a line comes on
	// Resume (or Resume ends): the Ctrl-C tests of 'lab stream'
	// (lab/stream_test.go) send SIGINT while the batch waits there. The
	// query logs "pausing at after-write of batch 0 until a line on stdin".
	PauseAt string
	// Resume is what PauseAt waits on (default os.Stdin).
	Resume io.Reader
}

// EnvCrashAt and EnvPauseAt are the environment variables through which
// the tests that run a stream process give it Hooks.CrashAt and
// Hooks.PauseAt; only such processes' edges read them (the lab command,
// the kill test's helper process).
const (
	EnvCrashAt = "LAB_STREAM_CRASH_AT"
	EnvPauseAt = "LAB_STREAM_PAUSE_AT"
)

// The crash points.
var crashPoints = []string{"after-offsets", "after-write", "after-rename", "after-commit"}

// pointPlan is one point of one batch (or later).
type pointPlan struct {
	hook  string
	point string
	from  int64
}

// crashPlan holds the hooks of a query; nil when it has none.
type crashPlan struct {
	kill, pause *pointPlan
	resume      io.Reader
	log         io.Writer
	paused      sync.Once
}

// plan checks h; nil when no hook is set. Lines go to log (may be nil).
func (h Hooks) plan(log io.Writer) (*crashPlan, error) {
	kill, err := parsePoint("CrashAt", h.CrashAt)
	if err != nil {
		return nil, err
	}
	pause, err := parsePoint("PauseAt", h.PauseAt)
	if err != nil {
		return nil, err
	}
	if kill == nil && pause == nil {
		return nil, nil
	}
	c := &crashPlan{kill: kill, pause: pause, resume: h.Resume, log: log}
	if c.resume == nil {
		c.resume = os.Stdin
	}
	if c.log == nil {
		c.log = io.Discard
	}
	return c, nil
}

func parsePoint(hook, v string) (*pointPlan, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil, nil
	}
	point, n, hasN := strings.Cut(v, ":")
	c := &pointPlan{hook: hook, point: point}
	if hasN {
		id, err := strconv.ParseInt(n, 10, 64)
		if err != nil || id < 0 {
			return nil, fmt.Errorf("stream: %w: Hooks.%s %q: the batch after ':' must be a number", ErrBadConfig, hook, v)
		}
		c.from = id
	}
	for _, p := range crashPoints {
		if p == point {
			return c, nil
		}
	}
	return nil, fmt.Errorf("stream: %w: Hooks.%s %q: the point must be one of %s", ErrBadConfig, hook, v, strings.Join(crashPoints, ", "))
}

func (p *pointPlan) matches(point string, batch int64) bool {
	return p != nil && p.point == point && batch >= p.from
}

// at pauses or kills the process if the plan says so.
func (c *crashPlan) at(point string, batch int64) {
	if c == nil {
		return
	}
	if c.pause.matches(point, batch) {
		c.paused.Do(func() {
			fmt.Fprintf(c.log, "stream: %s %s:%d: pausing at %s of batch %d until a line on stdin\n", c.pause.hook, c.pause.point, c.pause.from, point, batch)
			bufio.NewReader(c.resume).ReadString('\n')
			fmt.Fprintf(c.log, "stream: %s: going on with batch %d\n", c.pause.hook, batch)
		})
	}
	if c.kill.matches(point, batch) {
		fmt.Fprintf(c.log, "stream: %s %s:%d: killing myself at %s of batch %d\n", c.kill.hook, c.kill.point, c.kill.from, point, batch)
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {} // SIGKILL cannot be caught: wait for it to land
	}
}
