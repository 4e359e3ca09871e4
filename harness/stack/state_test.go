package stack_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness/stack"
)

type fakeRunning struct{ ep stack.Endpoints }

func (f fakeRunning) Endpoints() stack.Endpoints { return f.ep }
func (fakeRunning) Close() error                 { return nil }

// holdStack does in this process what `lab up` does: take dir's lock, serve
// the control endpoint, name itself in the lock file, write the state.
// stop is called when the control endpoint is asked to stop.
func holdStack(t *testing.T, dir string, stop func(*stack.Lock)) (*stack.Lock, stack.State) {
	t.Helper()
	lock, err := stack.AcquireLock(dir)
	require.NoError(t, err)
	t.Cleanup(lock.Release)
	id := stack.NewID()
	ctl, err := stack.ServeControl(stack.ControlOptions{
		State: stack.State{PID: os.Getpid(), Dir: dir, ID: id},
		Stop:  func() { stop(lock) },
	})
	t.Cleanup(func() { ctl.Close() })
	require.NoError(t, err)
	require.NoError(t, lock.Describe(stack.Holder{PID: os.Getpid(), Control: ctl.URL(), ID: id}))
	st := ctl.SetRunning(fakeRunning{stack.Endpoints{Backend: "embedded", Kafka: []string{"127.0.0.1:1"}}})
	require.NoError(t, stack.WriteState(dir, st))
	return lock, st
}

func TestState(t *testing.T) {
	dir := t.TempDir()
	_, err := stack.ReadState(dir)
	require.ErrorIs(t, err, stack.ErrNoStack)
	assert.EqualError(t, err, "no stack is running in "+dir+": start one with `lab up` (or `lab up -d` to run it in the background)")

	_, st := holdStack(t, dir, func(*stack.Lock) {})
	got, err := stack.ReadState(dir)
	require.NoError(t, err)
	assert.Equal(t, []string{"127.0.0.1:1"}, got.Kafka)
	assert.Equal(t, os.Getpid(), got.PID)
	assert.Equal(t, st.ID, got.ID)
	assert.Empty(t, got.Repaired)

	// One stack per directory.
	_, err = stack.AcquireLock(dir)
	require.ErrorIs(t, err, stack.ErrStackRuns)
	assert.EqualError(t, err, "a stack already runs in "+dir+" (pid "+strconv.Itoa(os.Getpid())+"): stop it with `lab down`, or use another --dir")
}

// A truncated, garbled or missing state.json under a running stack is
// reported and rewritten from the stack's own answer.
func TestStateRepaired(t *testing.T) {
	dir := t.TempDir()
	_, st := holdStack(t, dir, func(*stack.Lock) {})
	path := filepath.Join(dir, stack.StateFile)
	b, err := os.ReadFile(path)
	require.NoError(t, err)

	for _, tc := range []struct {
		description string
		damage      func()
		want        string
	}{
		{"truncated", func() { os.WriteFile(path, b[:len(b)/2], 0o644) }, "state.json was unreadable (unexpected end of JSON input): rewritten from the running stack"},
		{"missing", func() { os.Remove(path) }, "state.json was missing: rewritten from the running stack"},
		{"another stack's", func() {
			os.WriteFile(path, []byte(`{"pid": 1, "id": "other"}`), 0o644)
		}, "state.json described another stack (pid 1): rewritten from the running stack"},
	} {
		t.Run(tc.description, func(t *testing.T) {
			tc.damage()
			got, err := stack.ReadState(dir)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got.Repaired)
			got, err = stack.ReadState(dir)
			require.NoError(t, err)
			assert.Empty(t, got.Repaired, "repaired once")
			assert.Equal(t, st.ID, got.ID)
		})
	}
}

// A state.json naming a live process that holds no lock is stale: no stack
// runs, and stopping signals nothing.
func TestStaleStateSignalsNothing(t *testing.T) {
	dir := t.TempDir()
	other := exec.Command("sleep", "60")
	require.NoError(t, other.Start())
	t.Cleanup(func() { other.Process.Kill(); other.Wait() })
	require.NoError(t, stack.WriteState(dir, stack.State{PID: other.Process.Pid, Dir: dir, ID: "old"}))

	_, err := stack.ReadState(dir)
	require.ErrorIs(t, err, stack.ErrNoStack)
	assert.Contains(t, err.Error(), "(state.json, left by pid "+strconv.Itoa(other.Process.Pid)+", is stale: that process does not hold the stack's lock)")

	ran, err := stack.StopIn(context.Background(), dir, time.Second)
	require.NoError(t, err)
	assert.False(t, ran)
	assert.NoError(t, syscall.Kill(other.Process.Pid, 0), "the unrelated process lives")
	var ws syscall.WaitStatus
	pid, _ := syscall.Wait4(other.Process.Pid, &ws, syscall.WNOHANG, nil)
	assert.Zero(t, pid, "and was not signalled")
}

// StopIn asks the holder through its control endpoint and returns once the lock is free.
func TestStopIn(t *testing.T) {
	dir := t.TempDir()
	holdStack(t, dir, func(l *stack.Lock) { go l.Release() })
	ran, err := stack.StopIn(context.Background(), dir, 10*time.Second)
	require.NoError(t, err)
	assert.True(t, ran)
	held, err := stack.LockHeld(dir)
	require.NoError(t, err)
	assert.False(t, held)
}
