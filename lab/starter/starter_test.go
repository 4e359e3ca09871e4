package starter_test

import (
	"context"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/fullstack-lab/fullstack-lab/lab/runner"
	"github.com/fullstack-lab/fullstack-lab/lab/starter"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStub(t *testing.T) {
	src := `package serve

import (
	"sort"
	"strings"
)

// Event builds the event.
func Event(keys []string) string {
	// BEGIN SOLUTION: join the sorted keys
	sort.Strings(keys)
	return strings.Join(keys, ",")
	// END SOLUTION
}
`
	out, regions, err := starter.Stub("steps/serve/event.go", []byte(src))
	require.NoError(t, err)
	assert.Equal(t, []starter.Region{{File: "steps/serve/event.go", Line: 10, Func: "Event", Note: "join the sorted keys"}}, regions)
	assert.Equal(t, `package serve

import (
	"github.com/fullstack-lab/fullstack-lab/harness/todo"
)

// Event builds the event.
func Event(keys []string) string {
	todo.Implement("Event", "join the sorted keys")
	return ""
}
`, string(out))
}

// A stub returns zero values, or its error where the function returns one; in a closure, the closure's results.
func TestStubResults(t *testing.T) {
	src := `package tail

import (
	"errors"
	"net/http"
)

type offset struct{ n int64 }

type Server struct{}

func consume(p int, start offset) (int, error) {
	// BEGIN SOLUTION: read one partition
	return 0, errors.New("x")
	// END SOLUTION
}

func parse(s string) (o offset, ok bool, h http.Header) {
	// BEGIN SOLUTION
	return offset{}, true, nil
	// END SOLUTION
}

func (s *Server) logged() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		// BEGIN SOLUTION: log the event
		w.WriteHeader(200)
		// END SOLUTION
	}
}
`
	out, regions, err := starter.Stub("steps/tail/tail.go", []byte(src))
	require.NoError(t, err)
	assert.Equal(t, []starter.Region{
		{File: "steps/tail/tail.go", Line: 13, Func: "consume", Note: "read one partition"},
		{File: "steps/tail/tail.go", Line: 19, Func: "parse"},
		{File: "steps/tail/tail.go", Line: 26, Func: "(*Server).logged", Note: "log the event"},
	}, regions)
	assert.Equal(t, `package tail

import (
	"net/http"

	"github.com/fullstack-lab/fullstack-lab/harness/todo"
)

type offset struct{ n int64 }

type Server struct{}

func consume(p int, start offset) (int, error) {
	return 0, todo.Implement("consume", "read one partition")
}

func parse(s string) (o offset, ok bool, h http.Header) {
	todo.Implement("parse", "write parse")
	return offset{}, false, *new(http.Header)
}

func (s *Server) logged() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		todo.Implement("(*Server).logged", "log the event")
	}
}
`, string(out))
}

func TestStubBadMarkers(t *testing.T) {
	for _, tc := range []struct{ description, src, want string }{
		{"no end", "package a\nfunc F() {\n// BEGIN SOLUTION\n}\n", "f.go: bad solution markers: BEGIN SOLUTION without END"},
		{"no begin", "package a\nfunc F() {\n// END SOLUTION\n}\n", "f.go:3: bad solution markers: END SOLUTION without BEGIN"},
		{"nested", "package a\nfunc F() {\n// BEGIN SOLUTION\n// BEGIN SOLUTION\n}\n", "f.go:4: bad solution markers: BEGIN SOLUTION inside a region"},
	} {
		t.Run(tc.description, func(t *testing.T) {
			_, _, err := starter.Stub("f.go", []byte(tc.src))
			require.ErrorIs(t, err, starter.ErrMarkers)
			assert.EqualError(t, err, tc.want)
		})
	}
}

// The starter tree of this repository builds, and its step tests fail with the stubs' message.
func TestStarterTree(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a copy of the repository")
	}
	dst := studentTree(t)

	// Not -trimpath: that flag rebuilds every dependency (DuckDB's cgo included) once more.
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	build := exec.CommandContext(ctx, "go", "build", "./...")
	build.Dir = dst
	out, err := build.CombinedOutput()
	require.NoError(t, err, "the starter tree builds:\n%s", out)

	test := exec.CommandContext(ctx, "go", "test", "-count=1", "./steps/tail/")
	test.Dir = dst
	out, err = test.CombinedOutput()
	require.Error(t, err, "the starter's step tests fail:\n%s", out)
	assert.Contains(t, string(out), "TODO: implement consume (steps/tail/tail.go:")
	assert.NotContains(t, string(out), "panic:", "a stub never kills the test binary")
}

// studentTree writes the student tree of this repository into a temporary directory.
func studentTree(t *testing.T) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "student")
	var lab []starter.LabStep
	for _, st := range runner.Steps() {
		lab = append(lab, starter.LabStep{N: st.N, Name: st.Name, Title: st.Title})
	}
	tasks, err := starter.WriteStudent(filepath.Join("..", ".."), dst, starter.Options{Lab: lab})
	require.NoError(t, err)
	require.Len(t, tasks, 9, "the nine tasks of the class")
	return dst
}
