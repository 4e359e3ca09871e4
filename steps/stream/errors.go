package stream

import "errors"

var (
	// ErrBadConfig is returned for an invalid Config.
	ErrBadConfig = errors.New("invalid config")
	// ErrCheckpointMismatch is returned when a checkpoint was written by
	// another query (another topic, sink or output path).
	ErrCheckpointMismatch = errors.New("checkpoint belongs to another query")
	// ErrCorruptCheckpoint is returned when a checkpoint file cannot be read
	// or the checkpoint's logs do not follow each other.
	ErrCorruptCheckpoint = errors.New("corrupt checkpoint")
	// ErrCheckpointInUse is returned when a log entry this query was about to
	// write appeared meanwhile: another query runs with the same checkpoint.
	ErrCheckpointInUse = errors.New("checkpoint in use by another query")
	// ErrDataLoss is returned when offsets of the checkpoint are no longer in
	// the topic (deleted by retention, or the topic was recreated), as Spark's
	// failOnDataLoss does.
	ErrDataLoss = errors.New("data lost")
)
