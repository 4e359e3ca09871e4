package extract

import (
	"context"
	"fmt"
	"path"
	"strings"

	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
)

// Shape is how events become rows.
type Shape int

// The row shapes.
const (
	// ShapeInferred is filtered_writes.py's Row(timestamp=..., **event).toDF(): see Inferrer.
	ShapeInferred Shape = iota
	// ShapeExplicit is filter_swords_batch.py's schema: see ExplicitSchema.
	ShapeExplicit
)

func (s Shape) String() string {
	if s == ShapeExplicit {
		return "explicit"
	}
	return "inferred"
}

// ParseShape reads a shape name: inferred or explicit.
func ParseShape(s string) (Shape, error) {
	switch strings.ToLower(s) {
	case "", "inferred":
		return ShapeInferred, nil
	case "explicit":
		return ShapeExplicit, nil
	}
	return 0, fmt.Errorf("%w: unknown shape %q: choose inferred or explicit", ErrBadConfig, s)
}

// Defaults of Config.
const (
	DefaultTopic = "events"
	DefaultPath  = "/tmp/purchases"
)

// Config is one batch extract.
type Config struct {
	Brokers []string
	// Topic is read from its earliest to its latest offsets as they stand
	// when Run starts (default "events").
	Topic string
	// FS is the warehouse written to.
	FS warehouse.FS
	// Path is the output directory (default /tmp/purchases). With Split it
	// holds one directory per event type: Path/<event_type>.
	Path  string
	Mode  Mode
	Shape Shape
	// Keep picks the events to write (default IsSwordPurchase). Split ignores it.
	Keep Predicate
	// Split writes every event, one output per event_type.
	Split bool
	// MaxValueBytes bounds a record's value (default DefaultMaxValueBytes).
	MaxValueBytes int
	// Preview is how many rows each Output keeps for Show (default 20).
	Preview int
	// Limits bound part files and row groups (default: one part file).
	Limits
}

// Result is what Run did.
type Result struct {
	// Read is the number of records read; each one is written, filtered out, or skipped.
	Read int64
	// Filtered is the number of good events the predicate did not keep.
	Filtered int64
	// Skipped counts the bad records by reason.
	Skipped Skipped
	// Outputs are the paths written, one per event type with Split.
	Outputs []Output
}

// Rows is the number of rows written over every output.
func (r Result) Rows() int64 {
	var n int64
	for _, o := range r.Outputs {
		n += o.Rows
	}
	return n
}

// Output is one written path.
type Output struct {
	// EventType is the type the output holds, with Split.
	EventType string
	Path      string
	URI       string
	// Files are the part files written.
	Files  []string
	Schema Schema
	Rows   int64
	// Head holds the first rows (Config.Preview + 1, so Show knows when there are more).
	Head Table
}

// Run reads the topic, keeps, shapes and writes the events, as the class's
// Spark batch jobs do. Bad records are counted in Result.Skipped and skipped.
// Nothing is visible at an output path until its write is complete.
func Run(ctx context.Context, cfg Config) (Result, error) {
	res := Result{Skipped: Skipped{}}
	if err := cfg.defaults(); err != nil {
		return res, err
	}
	bs, err := topicBounds(ctx, cfg.Brokers, cfg.Topic)
	if err != nil {
		return res, fmt.Errorf("extract: %w", err)
	}
	outs := &outputs{cfg: cfg, byKey: map[string]*output{}}
	defer outs.abort()
	if !cfg.Split {
		// The default mode fails before reading anything.
		if _, err := outs.get(""); err != nil {
			return res, fmt.Errorf("extract: %w", err)
		}
	}
	if err := outs.pass(ctx, bs, &res, false); err != nil {
		return res, fmt.Errorf("extract: %w", err)
	}
	if outs.rewriting() {
		// An inferred schema grew after rows were written: the same offsets
		// again, now that the schema is known.
		again := Result{Skipped: Skipped{}}
		if err := outs.pass(ctx, bs, &again, true); err != nil {
			return res, fmt.Errorf("extract: second read: %w", err)
		}
		if again.Read != res.Read {
			return res, fmt.Errorf("extract: second read: %d records, %d at the first (was the topic truncated meanwhile?)", again.Read, res.Read)
		}
	}
	res.Outputs, err = outs.commit()
	if err != nil {
		return res, fmt.Errorf("extract: %w", err)
	}
	return res, nil
}

func (cfg *Config) defaults() error {
	if len(cfg.Brokers) == 0 {
		return fmt.Errorf("extract: %w: no Kafka brokers", ErrBadConfig)
	}
	if cfg.FS == nil {
		return fmt.Errorf("extract: %w: no warehouse", ErrBadConfig)
	}
	if cfg.Topic == "" {
		cfg.Topic = DefaultTopic
	}
	if cfg.Path == "" {
		cfg.Path = DefaultPath
	}
	if !strings.HasPrefix(cfg.Path, "/") {
		return fmt.Errorf("extract: %w: path %q must be absolute, like /tmp/purchases", ErrBadConfig, cfg.Path)
	}
	cfg.Path = path.Clean(cfg.Path)
	if cfg.Keep == nil {
		cfg.Keep = IsSwordPurchase
	}
	if cfg.Preview <= 0 {
		cfg.Preview = DefaultShowRows
	}
	return cfg.Limits.defaults()
}

// PathSegment makes an event type a safe directory name: bytes other than
// letters, digits, '-' and '_' (and a leading '_') become %XX, as Hive escapes
// partition values.
func PathSegment(eventType string) string {
	if eventType == "" {
		return "%00"
	}
	var b strings.Builder
	for i := 0; i < len(eventType); i++ {
		c := eventType[i]
		ok := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' && i > 0
		if ok {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
