package extract

import "errors"

var (
	// ErrPathExists is returned by the default save mode when the output path already exists.
	ErrPathExists = errors.New("already exists")
	// ErrUnknownTopic is returned when the topic does not exist.
	ErrUnknownTopic = errors.New("unknown topic")
	// ErrNoRows is returned when a schema must be inferred from no rows at all
	// (Spark: "ValueError: RDD is empty").
	ErrNoRows = errors.New("no rows to infer a schema from")
	// ErrBadConfig is returned for an invalid Config.
	ErrBadConfig = errors.New("invalid config")
)
