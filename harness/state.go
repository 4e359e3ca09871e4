package harness

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness/stack"
)

// StateFile is the name of the file, in the stack's directory, that a running stack describes itself in.
const StateFile = "state.json"

// State is what `lab up` writes for the other subcommands to read.
type State struct {
	stack.Endpoints
	// PID is the process that runs the stack (the `lab up` process).
	PID     int       `json:"pid"`
	Started time.Time `json:"started"`
	Dir     string    `json:"dir"`
	// Control is the `lab up` process's control endpoint (see ServeControl).
	Control string `json:"control,omitempty"`
}

// WriteState writes st into dir atomically (write beside, then rename).
func WriteState(dir string, st State) error {
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return fmt.Errorf("encode state: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	tmp := filepath.Join(dir, "."+StateFile+".tmp")
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, StateFile)); err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	return nil
}

// ReadState reads the state of the stack running in dir. It returns an error
// wrapping ErrNoStack when there is no state file or its process is gone.
func ReadState(dir string) (State, error) {
	var st State
	b, err := os.ReadFile(filepath.Join(dir, StateFile))
	if errors.Is(err, fs.ErrNotExist) {
		return st, fmt.Errorf("%w in %s: start one with `lab up` (or `lab up -d` to run it in the background)", ErrNoStack, dir)
	}
	if err != nil {
		return st, fmt.Errorf("read state: %w", err)
	}
	if err := json.Unmarshal(b, &st); err != nil {
		return st, fmt.Errorf("read state %s: %w", filepath.Join(dir, StateFile), err)
	}
	if !Alive(st.PID) {
		return st, fmt.Errorf("%w in %s: the stack's process %d has exited (see %s); start it again with `lab up`",
			ErrNoStack, dir, st.PID, filepath.Join(dir, "logs"))
	}
	return st, nil
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
