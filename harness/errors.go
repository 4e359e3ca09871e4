package harness

import "errors"

var (
	// ErrNotBuilt is returned for a backend that this version of the lab does not provide yet.
	ErrNotBuilt = errors.New("backend not available in this build")
	// ErrNoStack is returned when no stack runs in the stack's directory.
	ErrNoStack = errors.New("no stack is running")
)
