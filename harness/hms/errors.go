package hms

import "errors"

var (
	// ErrNotFound is returned when a database or table does not exist (the
	// metastore's NoSuchObjectException).
	ErrNotFound = errors.New("not found")
	// ErrAlreadyExists is returned when creating a database or table that
	// exists (the metastore's AlreadyExistsException).
	ErrAlreadyExists = errors.New("already exists")
	// ErrInvalid is returned for a request the metastore rejects as invalid
	// (InvalidObjectException, InvalidOperationException).
	ErrInvalid = errors.New("invalid")
	// ErrClosed is returned by calls on a closed Client.
	ErrClosed = errors.New("metastore client closed")
)
