package stack

import (
	"context"

	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// LockFile is the file, in the stack's directory, that the `lab up` process
// holds an exclusive flock on for as long as it runs: one stack per
// directory. The kernel releases the lock when the process exits however it
// exits, so a held lock means a live stack and a free one means none,
// whatever state.json says. The file's content names the holder (Holder).
const LockFile = "lab.lock"

// ErrStarting is returned while a stack holds its directory's lock but does
// not serve its state yet.
var ErrStarting = errors.New("a stack is starting")

// Holder is what the `lab up` process that holds the lock writes in it.
type Holder struct {
	PID int `json:"pid"`
	// Control is the process's control endpoint, the way to reach it.
	Control string `json:"control"`
	// ID is random per `lab up`: the control endpoint and state.json carry
	// it too, so a reader knows they describe the lock's holder.
	ID string `json:"id"`
}

// Lock is a held stack lock.
type Lock struct {
	f   *os.File
	dir string
}

// AcquireLock takes dir's stack lock for this process. If another process
// holds it, the error says which (ErrStackRuns).
func AcquireLock(dir string) (*Lock, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("stack lock: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(dir, LockFile), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("stack lock: %w", err)
	}
	// A reader probing the lock holds it shared for a moment: retry briefly.
	deadline := time.Now().Add(500 * time.Millisecond)
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return &Lock{f: f, dir: dir}, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) || time.Now().After(deadline) {
			break
		}
		if h, herr := readHolder(dir); herr == nil && h.PID != 0 {
			break // an exclusive holder that said who it is
		}
		time.Sleep(20 * time.Millisecond)
	}
	f.Close()
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return nil, runningError(dir)
	}
	return nil, fmt.Errorf("stack lock %s: %w", filepath.Join(dir, LockFile), err)
}

// runningError says that a stack holds dir's lock, naming its process.
func runningError(dir string) error {
	who := ""
	if h, err := readHolder(dir); err == nil && h.PID != 0 {
		who = fmt.Sprintf(" (pid %d)", h.PID)
	}
	return fmt.Errorf("%w in %s%s: stop it with `lab down`, or use another --dir", ErrStackRuns, dir, who)
}

// ErrStackRuns is returned when a stack already holds the directory.
var ErrStackRuns = errors.New("a stack already runs")

// Describe writes h into the lock file, in place (renaming another file
// over it would leave the lock on the old one).
func (l *Lock) Describe(h Holder) error {
	b, _ := json.Marshal(h)
	if err := l.f.Truncate(0); err != nil {
		return fmt.Errorf("stack lock: %w", err)
	}
	if _, err := l.f.WriteAt(append(b, '\n'), 0); err != nil {
		return fmt.Errorf("stack lock: %w", err)
	}
	return nil
}

// File is the open lock file: a child process given it (exec.Cmd's
// ExtraFiles) holds the same lock, which then outlives this process.
func (l *Lock) File() *os.File { return l.f }

// Handed closes this process's handle of a lock handed to a child through
// File: the child holds it on, and the lock file keeps its content.
func (l *Lock) Handed() { l.f.Close() }

// InheritLock takes over dir's lock from f, a lock file opened and locked by
// the parent process (File). It fails unless f does hold the lock.
func InheritLock(f *os.File, dir string) (*Lock, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("inherited stack lock: %w", err)
	}
	want, err := os.Stat(filepath.Join(dir, LockFile))
	if err != nil || !os.SameFile(st, want) {
		return nil, fmt.Errorf("inherited stack lock: fd %d is not %s", f.Fd(), filepath.Join(dir, LockFile))
	}
	// Through the open file that holds the lock, locking again keeps it;
	// were it not held, this takes it, unless another process holds it.
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		return nil, fmt.Errorf("inherited stack lock: %w", err)
	}
	return &Lock{f: f, dir: dir}, nil
}

// Release gives the lock up (exiting does too).
func (l *Lock) Release() {
	l.f.Truncate(0)
	l.f.Close()
}

// LockHeld reports whether a process holds dir's stack lock.
func LockHeld(dir string) (bool, error) {
	f, err := os.Open(filepath.Join(dir, LockFile))
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("stack lock: %w", err)
	}
	defer f.Close()
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("stack lock: %w", err)
	}
	syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return false, nil
}

// readHolder reads the lock file's description of its holder.
func readHolder(dir string) (Holder, error) {
	var h Holder
	err := readJSON(filepath.Join(dir, LockFile), &h)
	return h, err
}

// StopIn stops the stack that holds dir's lock: it asks the holder through
// its control endpoint, after checking there that the endpoint is the
// holder's (same id and pid as the lock file), and waits until the lock is
// free. If the stack does not stop within timeout, it kills the process the
// endpoint vouched for, through a pidfd taken before the last check (so a
// pid reused meanwhile is not signalled). It reports whether a stack ran; it
// signals nothing when none holds the lock, whatever state.json says.
func StopIn(ctx context.Context, dir string, timeout time.Duration) (bool, error) {
	held, err := LockHeld(dir)
	if err != nil || !held {
		return false, err
	}
	var h Holder
	for deadline := time.Now().Add(2 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if h, err = readHolder(dir); err == nil && h.Control != "" {
			break
		}
		if held, _ := LockHeld(dir); !held {
			return false, nil
		}
		if time.Now().After(deadline) {
			return true, fmt.Errorf("stop the stack in %s: its lock is held, but its lock file does not name the holder", dir)
		}
	}
	verify := func() error {
		st, err := FetchState(ctx, h.Control)
		if err != nil && !errors.Is(err, ErrStarting) {
			return fmt.Errorf("stop the stack in %s (pid %d): its control endpoint %s does not answer (%v); nothing was signalled", dir, h.PID, h.Control, err)
		}
		if st.ID != h.ID || st.PID != h.PID {
			return fmt.Errorf("stop the stack in %s: the control endpoint %s is not the holder of its lock (pid %d); nothing was signalled", dir, h.Control, h.PID)
		}
		return nil
	}
	if err := verify(); err != nil {
		return true, err
	}
	if err := StopStack(ctx, h.Control); err != nil {
		return true, err
	}
	if waitFree(ctx, dir, timeout) {
		return true, nil
	}
	pidfd, err := unix.PidfdOpen(h.PID, 0)
	if err != nil {
		return true, fmt.Errorf("stop the stack in %s (pid %d): it did not stop within %s: %w", dir, h.PID, timeout, err)
	}
	defer unix.Close(pidfd)
	if err := verify(); err != nil {
		return true, err
	}
	if err := unix.PidfdSendSignal(pidfd, unix.SIGKILL, nil, 0); err != nil {
		return true, fmt.Errorf("kill the stack in %s (pid %d): %w", dir, h.PID, err)
	}
	if !waitFree(ctx, dir, 30*time.Second) {
		return true, fmt.Errorf("the stack in %s (pid %d) still holds its lock after SIGKILL", dir, h.PID)
	}
	return true, fmt.Errorf("the stack in %s (pid %d) did not stop within %s: killed it", dir, h.PID, timeout)
}

// waitFree polls until dir's lock is free, for up to timeout.
func waitFree(ctx context.Context, dir string, timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for {
		if held, err := LockHeld(dir); err == nil && !held {
			return true
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return false
		}
		time.Sleep(50 * time.Millisecond)
	}
}
