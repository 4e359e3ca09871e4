package stream

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
)

// EnvCrashAt makes a query kill itself with SIGKILL at one point of a batch.
// It exists for the kill -9 test of exactly-once delivery across crashes
// (TestKill9 in kill_test.go) and is not part of the lab's interface: 'lab
// stream --help' does not mention it. New reads it, so the test can crash
// the real stream process at the moments that matter:
//
//	LAB_STREAM_CRASH_AT=after-rename:3
//
// kills the process at the first batch numbered 3 or more that reaches the
// point "after-rename" (":N" may be left out: any batch). The points, in the
// order a batch passes them:
//
//	after-offsets  offsets/N written, nothing read yet
//	after-write    the batch's Parquet file written under its temporary name
//	after-rename   the file renamed into the output directory, commits/N not written
//	after-commit   commits/N written
const EnvCrashAt = "LAB_STREAM_CRASH_AT"

// EnvPauseAt makes a query stop at one point of a batch until it reads a
// line on its standard input (or the input ends), so that a test can act
// while a batch is in flight, deterministically: the Ctrl-C tests of 'lab
// stream' (lab/stream_test.go) send SIGINT while the batch waits there. Like
// EnvCrashAt it is for tests only and not in 'lab stream --help'; it takes
// the same points and the same ":N", and pauses once:
//
//	LAB_STREAM_PAUSE_AT=after-write:0
//
// logs "pausing at after-write of batch 0" on stderr and waits for a line.
const EnvPauseAt = "LAB_STREAM_PAUSE_AT"

// The crash points.
var crashPoints = []string{"after-offsets", "after-write", "after-rename", "after-commit"}

// pointPlan is one point of one batch (or later), from an environment variable.
type pointPlan struct {
	env   string
	point string
	from  int64
}

// crashPlan holds the test hooks of EnvCrashAt and EnvPauseAt; nil when neither is set.
type crashPlan struct {
	kill, pause *pointPlan
	paused      sync.Once
}

// crashFromEnv reads EnvCrashAt and EnvPauseAt; nil when neither is set.
func crashFromEnv() (*crashPlan, error) {
	kill, err := pointFromEnv(EnvCrashAt)
	if err != nil {
		return nil, err
	}
	pause, err := pointFromEnv(EnvPauseAt)
	if err != nil {
		return nil, err
	}
	if kill == nil && pause == nil {
		return nil, nil
	}
	return &crashPlan{kill: kill, pause: pause}, nil
}

func pointFromEnv(env string) (*pointPlan, error) {
	v := strings.TrimSpace(os.Getenv(env))
	if v == "" {
		return nil, nil
	}
	point, n, hasN := strings.Cut(v, ":")
	c := &pointPlan{env: env, point: point}
	if hasN {
		id, err := strconv.ParseInt(n, 10, 64)
		if err != nil || id < 0 {
			return nil, fmt.Errorf("%w: %s=%q: the batch after ':' must be a number", ErrBadConfig, env, v)
		}
		c.from = id
	}
	for _, p := range crashPoints {
		if p == point {
			return c, nil
		}
	}
	return nil, fmt.Errorf("%w: %s=%q: the point must be one of %s", ErrBadConfig, env, v, strings.Join(crashPoints, ", "))
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
			fmt.Fprintf(os.Stderr, "stream: %s=%s:%d: pausing at %s of batch %d until a line on stdin\n", EnvPauseAt, c.pause.point, c.pause.from, point, batch)
			bufio.NewReader(os.Stdin).ReadString('\n')
			fmt.Fprintf(os.Stderr, "stream: %s: going on with batch %d\n", EnvPauseAt, batch)
		})
	}
	if c.kill.matches(point, batch) {
		fmt.Fprintf(os.Stderr, "stream: %s=%s:%d: killing myself at %s of batch %d\n", EnvCrashAt, c.kill.point, c.kill.from, point, batch)
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {} // SIGKILL cannot be caught: wait for it to land
	}
}
