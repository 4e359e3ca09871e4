package images

import "errors"

var (
	// ErrNoDocker is returned when the docker command is missing or no engine answers it.
	ErrNoDocker = errors.New("no Docker engine")
	// ErrMissing is returned when a tool the build needs is missing (debootstrap, root).
	ErrMissing = errors.New("missing prerequisite")
)
