package stream

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// EnvCrashAt makes a query kill itself with SIGKILL at one point of a batch,
// for the tests of exactly-once delivery across crashes:
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

// The crash points.
var crashPoints = []string{"after-offsets", "after-write", "after-rename", "after-commit"}

type crashPlan struct {
	point string
	from  int64
}

// crashFromEnv reads EnvCrashAt; nil when it is unset.
func crashFromEnv() (*crashPlan, error) {
	v := strings.TrimSpace(os.Getenv(EnvCrashAt))
	if v == "" {
		return nil, nil
	}
	point, n, hasN := strings.Cut(v, ":")
	c := &crashPlan{point: point}
	if hasN {
		id, err := strconv.ParseInt(n, 10, 64)
		if err != nil || id < 0 {
			return nil, fmt.Errorf("%w: %s=%q: the batch after ':' must be a number", ErrBadConfig, EnvCrashAt, v)
		}
		c.from = id
	}
	for _, p := range crashPoints {
		if p == point {
			return c, nil
		}
	}
	return nil, fmt.Errorf("%w: %s=%q: the point must be one of %s", ErrBadConfig, EnvCrashAt, v, strings.Join(crashPoints, ", "))
}

// at kills the process if the plan says so.
func (c *crashPlan) at(point string, batch int64) {
	if c == nil || c.point != point || batch < c.from {
		return
	}
	fmt.Fprintf(os.Stderr, "stream: %s=%s:%d: killing myself at %s of batch %d\n", EnvCrashAt, c.point, c.from, point, batch)
	syscall.Kill(os.Getpid(), syscall.SIGKILL)
	select {} // SIGKILL cannot be caught: wait for it to land
}
