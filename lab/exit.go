package main

import (
	"errors"
	"fmt"
)

// Exit codes of every command (lab --help and the README say the same).
const (
	exitOK     = 0 // done
	exitFailed = 1 // the command failed, or lab grade is below the pass mark
	exitUsage  = 2 // the command line is wrong: an unknown command or flag, a bad argument
	exitStack  = 3 // the stack or the toolchain could not run (no stack up, a stack that did not start, no go)
)

const exitCodesHelp = `Exit codes: 0 ok; 1 failed, or below the pass mark (lab grade); 2 usage
(an unknown command or flag, a bad argument or env file); 3 the stack or the
toolchain could not run (no stack running, an unknown stack, a stack that did
not start, no go toolchain).`

// exitError is an error that sets lab's exit code; main prints it and exits with code.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// withCode gives err the exit code code, unless it has one already.
func withCode(code int, err error) error {
	if err == nil {
		return nil
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return err
	}
	return &exitError{code: code, err: err}
}

// usageError is a command line's mistake (exit 2).
func usageError(err error) error { return withCode(exitUsage, err) }

// usagef is a usageError of its own.
func usagef(format string, args ...any) error { return usageError(fmt.Errorf(format, args...)) }

// stackError is a stack or a toolchain that could not run (exit 3).
func stackError(err error) error { return withCode(exitStack, err) }

// exitCode is the exit code of err: its exitError's, else 1.
func exitCode(err error) int {
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return exitFailed
}

// stackErrorf is a stackError of its own.
func stackErrorf(format string, args ...any) error { return stackError(fmt.Errorf(format, args...)) }
