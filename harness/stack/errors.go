package stack

import "errors"

// ErrNoStack is returned when no stack runs in the stack's directory.
var ErrNoStack = errors.New("no stack is running")
