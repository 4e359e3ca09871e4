package starter_test

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

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

// Event builds the event.
func Event(keys []string) string {
	panic("TODO: implement Event: join the sorted keys")
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
	dst := t.TempDir()
	regions, err := starter.Write(filepath.Join("..", ".."), dst)
	require.NoError(t, err)
	require.NotEmpty(t, regions)
	steps := map[string]bool{}
	for _, r := range regions {
		steps[strings.Split(r.File, "/")[1]] = true
	}
	for _, s := range []string{"serve", "bench", "tail"} {
		assert.True(t, steps[s], "step %s has a solution region", s)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	build := exec.CommandContext(ctx, "go", "build", "./...")
	build.Dir = dst
	out, err := build.CombinedOutput()
	require.NoError(t, err, "the starter tree builds:\n%s", out)

	test := exec.CommandContext(ctx, "go", "test", "-count=1", "./steps/bench/")
	test.Dir = dst
	out, err = test.CombinedOutput()
	require.Error(t, err, "the starter's step tests fail:\n%s", out)
	assert.Contains(t, string(out), "TODO: implement do: send one request as ab does")
}
