package stack

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// StateFile is the name of the file, in the stack's directory, that a running stack describes itself in.
const StateFile = "state.json"

// State is what `lab up` writes for the other subcommands to read.
type State struct {
	Endpoints
	// PID is the process that runs the stack (the `lab up` process).
	PID     int       `json:"pid"`
	Started time.Time `json:"started"`
	Dir     string    `json:"dir"`
	// Control is the `lab up` process's control endpoint (see ServeControl).
	Control string `json:"control,omitempty"`
	// ID is random per `lab up` (see Holder).
	ID string `json:"id,omitempty"`
	// Repaired, set by ReadState, says why it rewrote the state file.
	Repaired string `json:"-"`
}

// NewID returns a random id for a `lab up` process.
func NewID() string {
	var b [12]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// WriteState writes st into dir atomically (write beside, fsync, rename).
func WriteState(dir string, st State) error {
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return fmt.Errorf("encode state: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	f, err := os.CreateTemp(dir, "."+StateFile+".*.tmp")
	if err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	_, err = f.Write(append(b, '\n'))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, StateFile)); err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	return nil
}

// ReadState returns the state of the stack running in dir: the process
// that holds dir's lock (LockFile), asked through its control endpoint. It
// returns an error wrapping ErrNoStack when no process holds the lock
// (whatever state.json says: a state file left by a killed stack names a pid
// that may be anyone's now), and ErrStarting while the stack starts. A
// state.json that is missing, unreadable or not the holder's is rewritten
// from the holder's answer, and State.Repaired says why.
func ReadState(dir string) (State, error) {
	held, err := LockHeld(dir)
	if err != nil {
		return State{}, err
	}
	if !held {
		stale := ""
		if old, err := readStateFile(dir); err == nil {
			stale = fmt.Sprintf(" (%s, left by pid %d, is stale: that process does not hold the stack's lock)", StateFile, old.PID)
		} else if !errors.Is(err, fs.ErrNotExist) {
			stale = fmt.Sprintf(" (%s is stale and unreadable)", StateFile)
		}
		return State{}, fmt.Errorf("%w in %s%s: start one with `lab up` (or `lab up -d` to run it in the background)", ErrNoStack, dir, stale)
	}
	// The holder names itself right after it takes the lock.
	var h Holder
	for deadline := time.Now().Add(2 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if h, err = readHolder(dir); err == nil && h.Control != "" {
			break
		}
		if time.Now().After(deadline) {
			return State{}, fmt.Errorf("%w in %s (its lock file does not name it yet)", ErrStarting, dir)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	st, err := FetchState(ctx, h.Control)
	if errors.Is(err, ErrStarting) {
		return State{}, fmt.Errorf("%w in %s (pid %d): wait for it, or see %s", ErrStarting, dir, h.PID, filepath.Join(dir, "logs"))
	}
	if err != nil {
		return State{}, fmt.Errorf("the stack in %s (pid %d) holds its lock but its control endpoint %s does not answer: %w", dir, h.PID, h.Control, err)
	}
	if st.ID != h.ID || st.PID != h.PID {
		return State{}, fmt.Errorf("the control endpoint %s is not the stack that holds %s (pid %d)", h.Control, filepath.Join(dir, LockFile), h.PID)
	}
	file, ferr := readStateFile(dir)
	switch {
	case errors.Is(ferr, fs.ErrNotExist):
		st.Repaired = StateFile + " was missing"
	case ferr != nil:
		st.Repaired = fmt.Sprintf("%s was unreadable (%v)", StateFile, ferr)
	case file.ID != st.ID:
		st.Repaired = fmt.Sprintf("%s described another stack (pid %d)", StateFile, file.PID)
	}
	if st.Repaired != "" {
		if err := WriteState(dir, st); err != nil {
			return st, err
		}
		st.Repaired += ": rewritten from the running stack"
	}
	return st, nil
}

// readStateFile reads dir's state file as it is.
func readStateFile(dir string) (State, error) {
	var st State
	err := readJSON(filepath.Join(dir, StateFile), &st)
	return st, err
}

// readJSON decodes the JSON file at path into v; its errors are os's and json's, unwrapped.
func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// RemoveState removes the state file of dir, if any.
func RemoveState(dir string) error {
	err := os.Remove(filepath.Join(dir, StateFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// Alive reports whether process pid exists.
func Alive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
