package main_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness/stack"
)

// Two `lab up -d` at once on one directory: one stack starts, the other is
// refused with a message naming the holder; the stack's log is its own.
func TestUpTwiceOnOneDir(t *testing.T) {
	dir := t.TempDir()
	labBinary(t)
	t.Cleanup(func() { lab(t, dir, "down") })
	type result struct {
		out string
		err error
	}
	results := make([]result, 2)
	var wg sync.WaitGroup
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, err := lab(t, dir, "up", "-d")
			results[i] = result{out, err}
		}()
	}
	wg.Wait()
	var won, lost []result
	for _, r := range results {
		if r.err == nil {
			won = append(won, r)
		} else {
			lost = append(lost, r)
		}
	}
	require.Len(t, won, 1, "one stack starts: %+v", results)
	require.Len(t, lost, 1, "the other is refused: %+v", results)
	t.Log("refused: ", lost[0].out)
	assert.Regexp(t, `^lab: a stack already runs in `+regexp.QuoteMeta(dir)+` \(.*pid \d+.*\): stop it with `+"`lab down`", lost[0].out)

	st, err := stack.ReadState(dir)
	require.NoError(t, err)
	assert.True(t, stack.Alive(st.PID))
	log, err := os.ReadFile(filepath.Join(dir, "logs", "up.log"))
	require.NoError(t, err)
	assert.Contains(t, string(log), "stack up;", "the running stack's log")

	// Once it runs, the refusal names it.
	out, err := lab(t, dir, "up", "-d")
	require.Error(t, err)
	assert.Contains(t, out, fmt.Sprintf("a stack already runs in %s (the embedded stack of pid %d, up since ", dir, st.PID))
	out, err = lab(t, dir, "up") // the foreground one too
	require.Error(t, err)
	assert.Contains(t, out, fmt.Sprintf("a stack already runs in %s (pid %d)", dir, st.PID))
	st2, err := stack.ReadState(dir)
	require.NoError(t, err)
	assert.Equal(t, st.ID, st2.ID, "still the first stack")
}

// A state.json (and a lock file) left naming a live process that is not a
// stack: `lab down` signals nothing and says so; `lab up -d` starts.
func TestDownNeverSignalsAStalePid(t *testing.T) {
	dir := t.TempDir()
	victim := exec.Command("sleep", "300")
	require.NoError(t, victim.Start())
	exited := make(chan struct{})
	go func() { victim.Wait(); close(exited) }()
	t.Cleanup(func() { victim.Process.Kill(); <-exited })
	pid := victim.Process.Pid

	stale, err := json.Marshal(stack.State{PID: pid, Dir: dir, Control: "http://127.0.0.1:1"})
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, stack.StateFile), stale, 0o644))
	holder, _ := json.Marshal(stack.Holder{PID: pid, Control: "http://127.0.0.1:1", ID: "x"})
	require.NoError(t, os.WriteFile(filepath.Join(dir, stack.LockFile), holder, 0o644))

	out := mustLab(t, dir, "down")
	assert.Equal(t, "no stack runs in "+dir+" (removed a stale state.json; no process was signalled)\n", out)
	out, err = lab(t, dir, "status")
	require.Error(t, err)
	assert.Contains(t, out, "no stack is running in "+dir)
	select {
	case <-exited:
		t.Fatalf("lab down signalled pid %d, which was not a stack", pid)
	default:
	}

	// A truncated state.json of no stack does not stop a start, nor count as one.
	require.NoError(t, os.WriteFile(filepath.Join(dir, stack.StateFile), stale[:len(stale)/2], 0o644))
	t.Cleanup(func() { lab(t, dir, "down") })
	out = mustLab(t, dir, "up", "-d")
	assert.Contains(t, out, "embedded stack in "+dir)
	out = mustLab(t, dir, "down")
	assert.Contains(t, out, "stopped the embedded stack in "+dir)
	select {
	case <-exited:
		t.Fatalf("pid %d was signalled", pid)
	default:
	}
}

// A state.json truncated under a running stack: `lab status` says so and
// rewrites it from the stack's answer; a second `lab up -d` is still refused.
func TestStatusRepairsTruncatedState(t *testing.T) {
	dir := t.TempDir()
	t.Cleanup(func() { lab(t, dir, "down") })
	mustLab(t, dir, "up", "-d")
	path := filepath.Join(dir, stack.StateFile)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	var st stack.State
	require.NoError(t, json.Unmarshal(b, &st))
	require.NoError(t, os.WriteFile(path, b[:len(b)/3], 0o644))

	out, err := lab(t, dir, "up", "-d")
	require.Error(t, err, "a damaged state file is no reason for a second stack")
	assert.Contains(t, out, "a stack already runs in "+dir)
	assert.Contains(t, out, "pid "+strconv.Itoa(st.PID))

	require.NoError(t, os.WriteFile(path, b[:len(b)/3], 0o644))
	out = mustLab(t, dir, "status")
	assert.Contains(t, out, "lab status: state.json was unreadable (unexpected end of JSON input): rewritten from the running stack\n")
	assert.Contains(t, out, fmt.Sprintf("embedded stack in %s, pid %d", dir, st.PID))
	b, err = os.ReadFile(path)
	require.NoError(t, err)
	var repaired stack.State
	require.NoError(t, json.Unmarshal(b, &repaired), "state.json is whole again")
	assert.Equal(t, st.ID, repaired.ID)
	out = mustLab(t, dir, "status")
	assert.NotContains(t, out, "rewritten", "nothing left to repair")
}

// `lab up -d` exits non-zero, with its child's reason, when the stack cannot
// start; no stack is left holding the directory.
func TestUpDetachedFailsWithItsChild(t *testing.T) {
	dir := t.TempDir()
	// The warehouse directory cannot be made: a file has its name.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "warehouse"), []byte("not a directory"), 0o644))
	out, err := lab(t, dir, "up", "-d")
	require.Error(t, err, out)
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee)
	assert.NotZero(t, ee.ExitCode())
	assert.Contains(t, out, "the stack did not start")
	assert.Contains(t, out, "create warehouse")
	held, err := stack.LockHeld(dir)
	require.NoError(t, err)
	assert.False(t, held, "no process holds the directory")
	_, err = lab(t, dir, "status")
	require.Error(t, err)
}
