package extract

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/segmentio/kafka-go"
	"golang.org/x/sync/errgroup"

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

	g, gctx := errgroup.WithContext(ctx)
	chans := make([]chan []kafka.Message, len(bs))
	for i, b := range bs {
		chans[i] = make(chan []kafka.Message, 4)
		g.Go(func() error {
			defer close(chans[i])
			return readPartition(gctx, cfg.Topic, b, chans[i])
		})
	}
	g.Go(func() error {
		p := &Parser{MaxValueBytes: cfg.MaxValueBytes}
		for _, ch := range chans {
			for chunk := range ch {
				if err := outs.add(p, chunk, &res); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err := g.Wait(); err != nil {
		return res, fmt.Errorf("extract: %w", err)
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
	return nil
}

// outputs are the writes of one Run, keyed by event type with Split.
type outputs struct {
	cfg   Config
	byKey map[string]*output
	order []*output
}

type output struct {
	eventType string
	save      *Save
	// inferred: rows gathered, written at the end
	inf *Inferrer
	// explicit: rows streamed to the part file
	pw      *ParquetWriter
	closer  interface{ Close() error }
	file    string
	pending []Row
	buf     []byte
	head    []Row
	rows    int64
}

func (o *outputs) get(eventType string) (*output, error) {
	if out, ok := o.byKey[eventType]; ok {
		return out, nil
	}
	p := o.cfg.Path
	if o.cfg.Split {
		p = path.Join(p, PathSegment(eventType))
	}
	s, err := Begin(o.cfg.FS, p, o.cfg.Mode)
	if err != nil {
		return nil, err
	}
	out := &output{eventType: eventType, save: s}
	if o.cfg.Shape == ShapeInferred {
		out.inf = NewInferrer()
	} else {
		_, w, err := s.Create()
		if err == nil {
			out.closer = w
			out.pw, err = NewParquetWriter(w, ExplicitSchema)
		}
		if err != nil {
			s.Abort()
			return nil, err
		}
	}
	o.byKey[eventType] = out
	o.order = append(o.order, out)
	return out, nil
}

// add parses, filters and shapes one chunk of records.
func (o *outputs) add(p *Parser, chunk []kafka.Message, res *Result) error {
	for _, m := range chunk {
		res.Read++
		e, err := p.Parse(m)
		if err != nil {
			var bad *BadRecord
			if errors.As(err, &bad) {
				res.Skipped.Add(bad.Reason)
				continue
			}
			return err
		}
		key := ""
		if o.cfg.Split {
			key = e.EventType
		} else if !o.cfg.Keep(e) {
			res.Filtered++
			continue
		}
		out, err := o.get(key)
		if err != nil {
			return err
		}
		if err := out.add(e, o.cfg.Preview+1); err != nil {
			var bad *BadRecord
			if errors.As(err, &bad) {
				res.Skipped.Add(bad.Reason)
				continue
			}
			return err
		}
	}
	for _, out := range o.order {
		if err := out.flush(); err != nil {
			return err
		}
	}
	return nil
}

func (out *output) add(e Event, keep int) error {
	if out.inf != nil {
		return out.inf.Add(e)
	}
	if len(out.head) < keep {
		out.head = append(out.head, Explicit(e))
	}
	var row Row
	if len(out.pending) < cap(out.pending) {
		row = out.pending[:len(out.pending)+1][len(out.pending)]
	}
	if row == nil {
		row = make(Row, len(ExplicitSchema))
	}
	out.buf, row = explicitNoCopy(e, out.buf, row)
	out.pending = append(out.pending, row)
	return nil
}

// flush writes the pending explicit rows.
func (out *output) flush() error {
	if out.pw == nil || len(out.pending) == 0 {
		return nil
	}
	if err := out.pw.Write(out.pending); err != nil {
		return err
	}
	out.rows += int64(len(out.pending))
	out.pending = out.pending[:0]
	out.buf = out.buf[:0]
	return nil
}

// commit finishes and commits every output, in the order they began.
func (o *outputs) commit() ([]Output, error) {
	var res []Output
	for _, out := range o.order {
		r, err := out.commit(o.cfg.Preview + 1)
		if err != nil {
			return res, err
		}
		res = append(res, r)
	}
	o.order = nil
	return res, nil
}

func (out *output) commit(keep int) (Output, error) {
	r := Output{EventType: out.eventType, Path: out.save.Path(), URI: out.save.fs.URI(out.save.Path())}
	if out.inf != nil {
		if out.inf.Len() == 0 {
			out.save.Abort()
			return r, fmt.Errorf("infer schema for %s: %w (Spark: \"ValueError: RDD is empty\"); nothing written", r.Path, ErrNoRows)
		}
		r.Schema = out.inf.Schema()
		r.Head = out.inf.Head(keep)
		r.Rows = int64(out.inf.Len())
		if err := out.save.writeParquet(out.inf.writeTo, r.Schema); err != nil {
			out.save.Abort()
			return r, fmt.Errorf("write %s: %w", r.Path, err)
		}
	} else {
		r.Schema = ExplicitSchema
		r.Head = Table{Schema: ExplicitSchema, Rows: out.head}
		err := out.pw.Close()
		if cerr := out.closer.Close(); err == nil && cerr != nil {
			err = cerr
		}
		if err != nil {
			out.save.Abort()
			return r, fmt.Errorf("write %s: %w", r.Path, err)
		}
		r.Rows = out.rows
	}
	files, err := out.save.Commit()
	if err != nil {
		return r, err
	}
	r.Files = files
	return r, nil
}

// abort drops every output not committed.
func (o *outputs) abort() {
	for _, out := range o.order {
		if out.closer != nil {
			out.closer.Close()
		}
		out.save.Abort()
	}
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
