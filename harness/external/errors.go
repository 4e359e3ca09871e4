package external

import "errors"

var (
	// ErrUnset is returned when a required address is not given.
	ErrUnset = errors.New("not set")
	// ErrUnreachable is returned when a service does not answer at its address.
	ErrUnreachable = errors.New("does not answer")
)
