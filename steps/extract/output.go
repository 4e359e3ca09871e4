package extract

import (
	"errors"
	"fmt"
	"path"
)

// outputs are the writes of one Run, keyed by event type with Split.
type outputs struct {
	cfg   Config
	byKey map[string]*output
	order []*output
}

// output is one path written. The explicit shape streams its rows to part
// files. The inferred shape holds its first rows (up to a row group) to know
// its schema; if there are more, that schema is fixed and the rows stream to
// part files; an event that then widens the schema (a new field, a value
// changing a column's type) drops what was written, the rest of the first
// read only widens the schema, and a second read of the same offsets writes
// every row with it. The output is the same as if every row had been held.
type output struct {
	eventType string
	save      *Save
	lim       Limits
	keep      int // preview rows
	parts     *partWriter
	head      []Row
	rows      int64
	// explicit
	explicit bool
	exp      *explicitShaper
	// inferred
	inf     *Inferrer      // while holding the first rows
	shaper  *rowShaper     // while streaming rows of a fixed schema
	track   *schemaTracker // while only widening the schema
	rewrite bool           // the second read writes this output
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
	out := &output{eventType: eventType, save: s, lim: o.cfg.Limits, keep: o.cfg.Preview + 1}
	if o.cfg.Shape == ShapeInferred {
		out.inf = NewInferrer()
	} else {
		out.explicit = true
		out.exp = newExplicitShaper(chunkSize)
		out.parts = newPartWriter(s, ExplicitSchema, out.lim)
	}
	o.byKey[eventType] = out
	o.order = append(o.order, out)
	return out, nil
}

// rewriting reports whether an output needs the second read, and readies them for it.
func (o *outputs) rewriting() bool {
	any := false
	for _, out := range o.order {
		if out.track != nil {
			s := out.track.schema()
			out.shaper = newRowShaper(s, out.track, chunkSize)
			out.parts = newPartWriter(out.save, s, out.lim)
			out.track, out.rewrite, out.head, out.rows = nil, true, nil, 0
			any = true
		}
	}
	return any
}

// add filters, shapes and writes one parsed chunk. On the second read
// (rewrite) only the outputs being written again take rows, and nothing is counted.
func (o *outputs) add(pc *parsed, res *Result, rewrite bool) error {
	if !rewrite {
		res.Read += int64(pc.read)
		for _, r := range pc.bad {
			res.Skipped.Add(r)
		}
	}
	for _, e := range pc.events {
		key := ""
		if o.cfg.Split {
			key = e.EventType
		} else if !o.cfg.Keep(e) {
			if !rewrite {
				res.Filtered++
			}
			continue
		}
		var out *output
		if rewrite {
			if out = o.byKey[key]; out == nil || !out.rewrite {
				continue
			}
		} else {
			var err error
			if out, err = o.get(key); err != nil {
				return err
			}
		}
		if err := out.add(e); err != nil {
			var bad *BadRecord
			if !errors.As(err, &bad) {
				return err
			}
			if !rewrite {
				res.Skipped.Add(bad.Reason)
			}
		}
	}
	if rewrite {
		res.Read += int64(pc.read)
	}
	for _, out := range o.order {
		if err := out.flush(); err != nil {
			return err
		}
	}
	return nil
}

func (out *output) add(e Event) error {
	if out.explicit {
		if len(out.head) < out.keep {
			out.head = append(out.head, Explicit(e))
		}
		out.exp.add(e)
		return nil
	}
	if hasTimestampField(e) {
		return &BadRecord{Reason: TimestampField, Partition: e.Partition, Offset: e.Offset}
	}
	switch {
	case out.inf != nil:
		if err := out.inf.Add(e); err != nil {
			return err
		}
		if out.inf.Len() >= out.lim.RowGroupRows {
			return out.stream()
		}
	case out.track != nil:
		out.track.add(e)
	case !out.shaper.add(e):
		if out.rewrite {
			return fmt.Errorf("%s: record %d@%d does not fit the schema of the first read (was the topic changed meanwhile?)", out.save.Path(), e.Partition, e.Offset)
		}
		// The schema grew: what was written goes, and a second read writes it again.
		out.track = out.shaper.tracker()
		out.track.add(e)
		out.parts.abort()
		out.parts, out.shaper, out.head = nil, nil, nil
		if err := out.save.dropParts(); err != nil {
			return err
		}
	default:
		if len(out.head) < out.keep {
			out.head = append(out.head, out.shaper.row(out.shaper.n-1))
		}
	}
	return nil
}

// stream fixes the schema of the rows held, writes them, and streams the next ones.
func (out *output) stream() error {
	s := out.inf.Schema()
	out.head = out.inf.Head(out.keep).Rows
	out.parts = newPartWriter(out.save, s, out.lim)
	if err := out.inf.writeTo(s, out.parts.writeColumns); err != nil {
		return err
	}
	out.rows = int64(out.inf.Len())
	out.shaper = newRowShaper(s, trackerOf(out.inf), chunkSize)
	out.inf = nil
	return nil
}

// flush writes the rows added since the last flush.
func (out *output) flush() error {
	switch {
	case out.explicit && out.exp.n > 0:
		if err := out.parts.writeColumns(out.exp.cols, out.exp.n); err != nil {
			return err
		}
		out.rows += int64(out.exp.n)
		out.exp.reset()
	case out.shaper != nil && out.shaper.n > 0:
		if err := out.parts.writeColumns(out.shaper.cols, out.shaper.n); err != nil {
			return err
		}
		out.rows += int64(out.shaper.n)
		out.shaper.reset()
	}
	return nil
}

// commit finishes and commits every output, in the order they began.
func (o *outputs) commit() ([]Output, error) {
	var res []Output
	for _, out := range o.order {
		r, err := out.commit()
		if err != nil {
			return res, err
		}
		res = append(res, r)
	}
	o.order = nil
	return res, nil
}

func (out *output) commit() (Output, error) {
	r := Output{EventType: out.eventType, Path: out.save.Path(), URI: out.save.fs.URI(out.save.Path())}
	if out.inf != nil {
		if out.inf.Len() == 0 {
			out.save.Abort()
			return r, fmt.Errorf("infer schema for %s: %w (Spark: \"ValueError: RDD is empty\"); nothing written", r.Path, ErrNoRows)
		}
		if err := out.stream(); err != nil {
			out.abort()
			return r, fmt.Errorf("write %s: %w", r.Path, err)
		}
	}
	if err := out.flush(); err != nil {
		out.abort()
		return r, fmt.Errorf("write %s: %w", r.Path, err)
	}
	if err := out.parts.close(); err != nil {
		out.abort()
		return r, fmt.Errorf("write %s: %w", r.Path, err)
	}
	r.Schema = out.parts.schema
	r.Head = Table{Schema: r.Schema, Rows: out.head}
	r.Rows = out.rows
	files, err := out.save.Commit()
	if err != nil {
		return r, err
	}
	r.Files = files
	return r, nil
}

func (out *output) abort() {
	if out.parts != nil {
		out.parts.abort()
	}
	out.save.Abort()
}

// abort drops every output not committed.
func (o *outputs) abort() {
	for _, out := range o.order {
		out.abort()
	}
}
