package presto

import "errors"

var (
	// ErrNoSuchTable is returned by a Catalog for a table it does not have.
	ErrNoSuchTable = errors.New("no such table")
	// ErrNoSuchSchema is returned by a Catalog for a database it does not have.
	ErrNoSuchSchema = errors.New("no such schema")
	// ErrUnsupportedType is a Hive column type the server cannot read.
	ErrUnsupportedType = errors.New("unsupported hive type")
	// ErrUnsupportedLocation is a table location that is not a local file URI.
	ErrUnsupportedLocation = errors.New("unsupported table location")
)
