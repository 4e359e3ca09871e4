package todo

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
)

// ErrNotImplemented is what every stub's error wraps.
var ErrNotImplemented = errors.New("not implemented yet")

// Stub is a function left to implement: where it is and what to do.
type Stub struct {
	// Func is the function's name: Event, or (*Server).logged.
	Func string
	// File is the file's path from the module's root (steps/serve/event.go), Line the stub's line.
	File string
	Line int
	// Task is the one-line task.
	Task string
}

// Error says what to implement and where: "TODO: implement Event (steps/serve/event.go:14): build ...".
func (s *Stub) Error() string {
	return fmt.Sprintf("TODO: implement %s (%s:%d): %s", s.Func, s.File, s.Line, s.Task)
}

// Unwrap makes a stub's error match ErrNotImplemented.
func (s *Stub) Unwrap() error { return ErrNotImplemented }

var (
	mu      sync.Mutex
	reached []Stub
	seen    = map[string]bool{}
)

// Implement records that its caller, the stub of function fn, ran, and
// returns the stub's error. A stub returns it when its function returns an
// error, and else returns zero values after calling it.
func Implement(fn, task string) error {
	s := &Stub{Func: fn, File: "?", Task: task}
	var pcs [1]uintptr
	if runtime.Callers(2, pcs[:]) == 1 {
		// CallersFrames, not FuncForPC: it places an inlined caller right.
		f, _ := runtime.CallersFrames(pcs[:]).Next()
		s.File, s.Line = ModulePath(f.File), f.Line
	}
	mu.Lock()
	defer mu.Unlock()
	if key := s.Error(); !seen[key] {
		seen[key] = true
		reached = append(reached, *s)
	}
	return s
}

// Reached returns the stubs that ran in this process, each once, in the order they first ran.
func Reached() []Stub {
	mu.Lock()
	defer mu.Unlock()
	return append([]Stub(nil), reached...)
}

// ModulePath shortens an absolute file path to its path from the module's
// root: the part from its last "steps/" directory on.
func ModulePath(file string) string {
	file = strings.ReplaceAll(file, "\\", "/")
	if i := strings.LastIndex(file, "/steps/"); i >= 0 {
		return file[i+1:]
	}
	return file
}
