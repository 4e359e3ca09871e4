package containers

import "errors"

var (
	// ErrNoDocker is returned when no Docker engine answers.
	ErrNoDocker = errors.New("no Docker engine")
	// ErrImageMissing is returned when the lab's own images are not built.
	ErrImageMissing = errors.New("image missing")
	// ErrConfig is returned for a Config that cannot make requests.
	ErrConfig = errors.New("invalid containers config")
)
