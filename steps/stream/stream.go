package stream

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
	"github.com/fullstack-lab/fullstack-lab/steps/extract"
)

// Defaults of Config, as the class's jobs have them.
const (
	DefaultTopic      = "events"
	DefaultPath       = "/tmp/sword_purchases"
	DefaultCheckpoint = "/tmp/checkpoints_for_sword_purchases"
	DefaultTrigger    = 10 * time.Second
)

// Starting offsets: where a new query starts reading.
const (
	Latest   = "latest"
	Earliest = "earliest"
)

// Config is one streaming query.
type Config struct {
	Brokers []string
	// Topic is subscribed to (default "events").
	Topic string
	// FS is the warehouse: the checkpoint, and the Parquet sink's files.
	FS warehouse.FS
	// Sink is Console or Parquet (default Console).
	Sink Sink
	// Path is the Parquet sink's directory (default /tmp/sword_purchases).
	Path string
	// Checkpoint is the checkpoint's directory in the warehouse. The Parquet
	// sink needs one; without one the console sink uses a temporary checkpoint,
	// removed when the query ends, as Spark does.
	Checkpoint string
	// Trigger is the interval between batches (default 10s).
	Trigger time.Duration
	// StartingOffsets is where a query without a checkpoint starts: "latest"
	// (the default, as Spark's) or "earliest". A restarted query resumes from its checkpoint.
	StartingOffsets string
	// Keep picks the events to write (default: event_type purchase_sword).
	Keep extract.Predicate
	// MaxValueBytes bounds a record's value (default extract.DefaultMaxValueBytes).
	MaxValueBytes int
	// MaxOffsetsPerTrigger bounds the records a batch reads, shared over the
	// partitions by their backlog, as Spark's maxOffsetsPerTrigger; a backlog
	// then takes several batches. 0 means no limit: a batch reads all that arrived.
	MaxOffsetsPerTrigger int64
	// Out receives the console sink's batches (default io.Discard).
	Out io.Writer
	// NumRows is how many rows the console sink shows per batch (default 20).
	NumRows int
	// Log receives one line per batch and notes such as a rerun batch (may be nil).
	Log io.Writer
	// OnBatch is called after each batch is committed (may be nil).
	OnBatch func(BatchResult)
	// Hooks are for tests only: where the query crashes or pauses (see Hooks).
	Hooks Hooks
}

// BatchResult is what one batch did.
type BatchResult struct {
	ID int64
	// Start and End are the offsets the batch read from and up to (excluded).
	Start, End Offsets
	// Read is the number of records read; each is kept, filtered out, or skipped.
	Read     int64
	Filtered int64
	Skipped  extract.Skipped
	// Rows is the number of rows the sink got.
	Rows int64
	// File is the Parquet sink's file, "" when the batch had no rows.
	File string
	// Rerun is true when the batch had been planned by an earlier run that stopped before its commit.
	Rerun bool
	// Existed is true when the rerun batch's file was already in place and kept.
	Existed  bool
	Duration time.Duration
}

// Query is a started streaming query.
type Query struct {
	cfg   Config
	src   *source
	ckpt  *checkpoint
	sink  sink
	crash *crashPlan
	temp  bool
	pos   position
	// waiting is set once the query said it waits for its topic.
	waiting bool
}

// New checks cfg, opens (or creates) its checkpoint and fixes where a new
// query starts. It does not run any batch.
func New(ctx context.Context, cfg Config) (*Query, error) {
	if err := cfg.defaults(); err != nil {
		return nil, err
	}
	crash, err := cfg.Hooks.plan(cfg.Log)
	if err != nil {
		return nil, err
	}
	q := &Query{cfg: cfg, src: newSource(cfg.Brokers, cfg.Topic), crash: crash}
	if q.cfg.Checkpoint == "" {
		q.cfg.Checkpoint = "/tmp/temporary-" + newUUID()
		q.temp = true
		q.logf("using a temporary checkpoint %s, removed when the query ends", q.cfg.FS.URI(q.cfg.Checkpoint))
	}
	meta := Metadata{Topic: cfg.Topic, Sink: string(cfg.Sink)}
	if cfg.Sink == Parquet {
		meta.Path = cfg.Path
	}
	q.ckpt, err = openCheckpoint(cfg.FS, q.cfg.Checkpoint, meta)
	if err != nil {
		return nil, fmt.Errorf("stream: %w", err)
	}
	if q.pos, err = q.ckpt.position(); err != nil {
		return nil, fmt.Errorf("stream: %w", err)
	}
	if q.pos.start == nil {
		// A new query: fix its starting offsets now, so a restart before its
		// first batch starts from the same place.
		init, err := q.startingOffsets(ctx)
		if err != nil {
			return nil, fmt.Errorf("stream: %w", err)
		}
		if err := q.ckpt.writeInitial(init); err != nil {
			return nil, fmt.Errorf("stream: %w", err)
		}
		q.pos.start = init
	}
	switch cfg.Sink {
	case Console:
		q.sink = &consoleSink{w: cfg.Out, numRows: cfg.NumRows}
	case Parquet:
		if err := cfg.FS.MkdirAll(cfg.Path); err != nil {
			return nil, fmt.Errorf("stream: create %s: %w", cfg.Path, err)
		}
		q.sink = &fileSink{fs: cfg.FS, dir: cfg.Path, queryID: q.ckpt.meta.ID, crash: crash}
	}
	return q, nil
}

func (cfg *Config) defaults() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("stream: %w: %s", ErrBadConfig, fmt.Sprintf(format, args...))
	}
	if len(cfg.Brokers) == 0 {
		return bad("no Kafka brokers")
	}
	if cfg.FS == nil {
		return bad("no warehouse")
	}
	if cfg.Topic == "" {
		cfg.Topic = DefaultTopic
	}
	if cfg.Sink == "" {
		cfg.Sink = Console
	}
	if _, err := ParseSink(string(cfg.Sink)); err != nil {
		return fmt.Errorf("stream: %w", err)
	}
	if cfg.Sink == Parquet {
		if cfg.Path == "" {
			cfg.Path = DefaultPath
		}
		if !strings.HasPrefix(cfg.Path, "/") || path.Clean(cfg.Path) == "/" {
			return bad("path %q must be an absolute directory, like /tmp/sword_purchases", cfg.Path)
		}
		cfg.Path = path.Clean(cfg.Path)
		if cfg.Checkpoint == "" {
			return bad("the parquet sink needs a checkpoint (Spark: checkpointLocation must be specified), like %s", DefaultCheckpoint)
		}
	}
	if cfg.Checkpoint != "" {
		if !strings.HasPrefix(cfg.Checkpoint, "/") || path.Clean(cfg.Checkpoint) == "/" {
			return bad("checkpoint %q must be an absolute directory, like %s", cfg.Checkpoint, DefaultCheckpoint)
		}
		cfg.Checkpoint = path.Clean(cfg.Checkpoint)
		if cfg.Sink == Parquet && (cfg.Checkpoint == cfg.Path || strings.HasPrefix(cfg.Checkpoint, cfg.Path+"/")) {
			return bad("checkpoint %s is inside the output directory %s: a table over it would read the checkpoint", cfg.Checkpoint, cfg.Path)
		}
	}
	if cfg.Trigger == 0 {
		cfg.Trigger = DefaultTrigger
	}
	if cfg.Trigger < 0 {
		return bad("trigger %s is negative", cfg.Trigger)
	}
	if cfg.MaxOffsetsPerTrigger < 0 {
		return bad("max offsets per trigger %d is negative", cfg.MaxOffsetsPerTrigger)
	}
	switch strings.ToLower(cfg.StartingOffsets) {
	case "", Latest:
		cfg.StartingOffsets = Latest
	case Earliest:
		cfg.StartingOffsets = Earliest
	default:
		return bad("starting offsets %q: choose latest or earliest", cfg.StartingOffsets)
	}
	if cfg.Keep == nil {
		cfg.Keep = isSwordPurchase
	}
	if cfg.Out == nil {
		cfg.Out = io.Discard
	}
	if cfg.NumRows <= 0 {
		cfg.NumRows = extract.DefaultShowRows
	}
	return nil
}

// startingOffsets resolves Config.StartingOffsets against the topic as it is
// now. Partitions that appear later, or a topic created later, are read from
// their earliest offsets, as Spark does.
func (q *Query) startingOffsets(ctx context.Context) (Offsets, error) {
	bs, err := q.src.bounds(ctx)
	if err != nil {
		return nil, err
	}
	o := Offsets{}
	for p, b := range bs {
		if q.cfg.StartingOffsets == Earliest {
			o[p] = b.earliest
		} else {
			o[p] = b.latest
		}
	}
	return o, nil
}

// Checkpoint is the query's checkpoint directory.
func (q *Query) Checkpoint() string { return q.cfg.Checkpoint }

// ID is the query's id, kept in its checkpoint.
func (q *Query) ID() string { return q.ckpt.meta.ID }

// Close ends the query; a temporary checkpoint is removed.
func (q *Query) Close() error {
	if q.temp {
		return q.cfg.FS.RemoveAll(q.cfg.Checkpoint)
	}
	return nil
}

// Trigger runs at most one batch: the batch an earlier run left uncommitted,
// or the records that arrived since the last batch. ran is false when there
// was nothing new (no batch, nothing written).
func (q *Query) Trigger(ctx context.Context) (res BatchResult, ran bool, err error) {
	started := time.Now()
	id, start, end := q.pos.next, q.pos.start, q.pos.end
	bs, err := q.src.bounds(ctx)
	if err != nil {
		return res, false, fmt.Errorf("stream: %w", err)
	}
	if q.pos.pending {
		res.Rerun = true
		q.logf("batch %d was planned before the query stopped: running it again over the same offsets %s to %s", id, start, end)
	} else {
		if len(bs) == 0 {
			if !q.waiting {
				q.logf("waiting for topic %s to exist", q.cfg.Topic)
				q.waiting = true
			}
			return res, false, nil
		}
		q.waiting = false
		if end, err = q.plan(start, bs); err != nil {
			return res, false, fmt.Errorf("stream: %w", err)
		}
		if withNewPartitions(start, end, bs).Count(end) == 0 {
			return res, false, nil
		}
		if err := q.ckpt.writeOffsets(id, end, started); err != nil {
			return res, false, fmt.Errorf("stream: batch %d: %w", id, err)
		}
		q.pos.pending, q.pos.end = true, end
		q.crash.at("after-offsets", id)
	}
	res.ID, res.Start, res.End = id, withNewPartitions(start, end, bs), end
	if err := q.run(ctx, bs, &res); err != nil {
		return res, false, fmt.Errorf("stream: batch %d: %w", id, err)
	}
	if err := q.ckpt.commit(id); err != nil {
		return res, false, fmt.Errorf("stream: batch %d: %w", id, err)
	}
	q.pos = position{next: id + 1, start: end}
	res.Duration = time.Since(started)
	q.logBatch(res)
	q.crash.at("after-commit", id)
	q.ckpt.purge(id)
	if q.cfg.OnBatch != nil {
		q.cfg.OnBatch(res)
	}
	return res, true, nil
}

// plan returns where the next batch ends: the latest offset of every
// partition, or less with MaxOffsetsPerTrigger.
func (q *Query) plan(start Offsets, bs map[int]partitionBounds) (Offsets, error) {
	for p, off := range start {
		b, ok := bs[p]
		if !ok {
			return nil, fmt.Errorf("partition %d of topic %s is gone: %w (was the topic deleted?)", p, q.cfg.Topic, ErrDataLoss)
		}
		if off > b.latest {
			return nil, fmt.Errorf("partition %d of topic %s ends at %d, before the checkpoint's offset %d: %w (was the topic recreated?)",
				p, q.cfg.Topic, b.latest, off, ErrDataLoss)
		}
		if off < b.earliest {
			return nil, fmt.Errorf("partition %d of topic %s starts at %d, after the checkpoint's offset %d: %w (records deleted by retention)",
				p, q.cfg.Topic, b.earliest, off, ErrDataLoss)
		}
	}
	end := make(Offsets, len(bs))
	for p, b := range bs {
		end[p] = b.latest
	}
	return rateLimit(q.cfg.MaxOffsetsPerTrigger, withNewPartitions(start, end, bs), end), nil
}

// withNewPartitions returns start with the partitions of end it lacks (new
// ones) set to their earliest offsets, as Spark reads new partitions.
func withNewPartitions(start, end Offsets, bs map[int]partitionBounds) Offsets {
	out := make(Offsets, len(end))
	for p := range end {
		if off, ok := start[p]; ok {
			out[p] = off
		} else {
			out[p] = bs[p].earliest
		}
	}
	return out
}

// run reads the batch's records, keeps and flattens them, and hands them to the sink.
func (q *Query) run(ctx context.Context, bs map[int]partitionBounds, res *BatchResult) (err error) {
	res.Skipped = extract.Skipped{}
	sb, err := q.sink.begin(res.ID)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			sb.abort()
		}
	}()
	parser := &extract.Parser{MaxValueBytes: q.cfg.MaxValueBytes}
	rows := make([]extract.Row, 0, readChunk)
	for _, p := range res.End.Partitions() {
		from, to := res.Start[p], res.End[p]
		if from >= to {
			continue
		}
		b, ok := bs[p]
		if !ok {
			return fmt.Errorf("partition %d of topic %s is gone: %w", p, q.cfg.Topic, ErrDataLoss)
		}
		err := q.src.read(ctx, b.leader, p, from, to, func(msgs []kafka.Message) error {
			rows = rows[:0]
			for _, m := range msgs {
				res.Read++
				e, err := parser.Parse(m)
				if err != nil {
					var bad *extract.BadRecord
					if !errors.As(err, &bad) {
						return err
					}
					res.Skipped.Add(bad.Reason)
					continue
				}
				if !q.cfg.Keep(e) {
					res.Filtered++
					continue
				}
				rows = append(rows, explicitRow(e))
			}
			return sb.write(rows)
		})
		if err != nil {
			return err
		}
	}
	if want := res.Start.Count(res.End); res.Read != want {
		return fmt.Errorf("read %d records from %s to %s, want %d", res.Read, res.Start, res.End, want)
	}
	return sb.finish(res)
}

// Run runs a batch every trigger interval until ctx ends; the batch in
// flight when ctx ends is finished and committed first. Batches start at
// multiples of the interval; one that takes longer is followed at once.
func (q *Query) Run(ctx context.Context) error {
	batchCtx := context.WithoutCancel(ctx)
	next := time.Now()
	for ctx.Err() == nil {
		if _, _, err := q.Trigger(batchCtx); err != nil {
			return err
		}
		now := time.Now()
		next = next.Add(q.cfg.Trigger)
		if next.Before(now) {
			next = now
		}
		select {
		case <-ctx.Done():
		case <-time.After(next.Sub(now)):
		}
	}
	return nil
}

// Run starts the query of cfg and runs it until ctx ends.
func Run(ctx context.Context, cfg Config) error {
	q, err := New(ctx, cfg)
	if err != nil {
		return err
	}
	err = q.Run(ctx)
	if cerr := q.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("stream: remove temporary checkpoint: %w", cerr)
	}
	return err
}

func (q *Query) logf(format string, args ...any) {
	if q.cfg.Log != nil {
		fmt.Fprintf(q.cfg.Log, "stream: "+format+"\n", args...)
	}
}

func (q *Query) logBatch(r BatchResult) {
	var b strings.Builder
	fmt.Fprintf(&b, "batch %d: %d %s read, %d %s", r.ID, r.Read, plural(int(r.Read), "record"), r.Rows, plural(int(r.Rows), "row"))
	switch {
	case r.File != "" && r.Existed:
		fmt.Fprintf(&b, " already in %s (kept from the earlier run)", q.cfg.FS.URI(r.File))
	case r.File != "":
		fmt.Fprintf(&b, " written to %s", q.cfg.FS.URI(r.File))
	case q.cfg.Sink == Parquet:
		b.WriteString(", no file")
	}
	fmt.Fprintf(&b, ", %d filtered out, skipped %s, %s", r.Filtered, r.Skipped, r.Duration.Round(time.Millisecond))
	q.logf("%s", b.String())
}
