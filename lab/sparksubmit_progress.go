package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// queryProgress is the part of a streaming query's progress report
// (Spark's StreamingQueryProgress, as MicroBatchExecution logs it) the lab reads.
type queryProgress struct {
	Name         string `json:"name"`
	Timestamp    string `json:"timestamp"`
	BatchID      int64  `json:"batchId"`
	NumInputRows int64  `json:"numInputRows"`
	DurationMs   struct {
		TriggerExecution int64  `json:"triggerExecution"`
		AddBatch         *int64 `json:"addBatch"` // absent from an idle query's reports
	} `json:"durationMs"`
	Sink struct {
		Description string `json:"description"`
	} `json:"sink"`
}

// sparkProgress passes Spark's stderr through to out, line by line, except
// the streaming progress reports: each becomes one line, "spark-submit:
// batch N: R rows in T ms", and is handed to onBatch (an idle query's
// reports, where no batch ran, are dropped). With quiet, the
// progress logger's other INFO lines are dropped too (they are there only
// because the lab needs the reports).
type sparkProgress struct {
	out     io.Writer
	quiet   bool // drop the progress logger's other INFO lines
	verbose bool // keep everything, even after mute
	onBatch func(queryProgress, time.Time)

	mu      sync.Mutex
	muted   bool // the job is being stopped: its shutdown noise is dropped
	line    []byte
	capture []byte // a report's JSON so far
	depth   int
}

const progressMarker = "Streaming query made progress: "

func (p *sparkProgress) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := len(b)
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			p.line = append(p.line, b...)
			break
		}
		p.line = append(p.line, b[:i+1]...)
		b = b[i+1:]
		if err := p.handle(p.line); err != nil {
			return n, err
		}
		p.line = p.line[:0]
	}
	return n, nil
}

// Flush writes a last line without a newline.
func (p *sparkProgress) Flush() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.line) == 0 && len(p.capture) == 0 {
		return nil
	}
	_, err := p.out.Write(append(p.capture, p.line...))
	p.line, p.capture = nil, nil
	return err
}

// mute drops what Spark writes from now on, reports included: once the lab
// stopped a job, its stderr is the JVM's and py4j's complaints at being
// interrupted (--log-level info keeps them).
func (p *sparkProgress) mute() {
	p.mu.Lock()
	p.muted = !p.verbose
	p.mu.Unlock()
}

func (p *sparkProgress) handle(line []byte) error {
	if p.muted {
		return nil
	}
	if p.capture != nil {
		p.take(line)
		return nil
	}
	s := string(line)
	if i := strings.Index(s, progressMarker); i >= 0 && strings.Contains(s[:i], " INFO ") {
		p.capture, p.depth = []byte{}, 0
		p.take(line[i+len(progressMarker):])
		return nil
	}
	if p.quiet && strings.Contains(s, " INFO "+progressLogger[strings.LastIndexByte(progressLogger, '.')+1:]+": ") {
		return nil
	}
	_, err := p.out.Write(line)
	return err
}

// take adds a line of a report and, once its braces close, reads it.
func (p *sparkProgress) take(line []byte) {
	p.capture = append(p.capture, line...)
	inString, escaped := false, false
	for _, c := range line {
		switch {
		case escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case !inString && c == '{':
			p.depth++
		case !inString && c == '}':
			p.depth--
		}
	}
	if p.depth > 0 {
		return
	}
	var qp queryProgress
	raw := p.capture
	p.capture = nil
	if err := json.Unmarshal(raw, &qp); err != nil {
		fmt.Fprintf(p.out, "spark-submit: unreadable progress report (%v): %s", err, raw)
		return
	}
	if qp.DurationMs.AddBatch == nil {
		return // no batch ran (an idle query's report)
	}
	fmt.Fprintf(p.out, "spark-submit: batch %d: %d rows in %d ms\n", qp.BatchID, qp.NumInputRows, qp.DurationMs.TriggerExecution)
	if p.onBatch != nil {
		p.onBatch(qp, time.Now())
	}
}

// gate passes writes through until closed. PySpark's driver writes its
// stdout and stderr (tracebacks included) to spark-submit's stdout; once
// the lab stopped the job, what follows there is py4j's complaints.
type gate struct {
	mu     sync.Mutex
	w      io.Writer
	closed bool
}

func (g *gate) Write(b []byte) (int, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return len(b), nil
	}
	return g.w.Write(b)
}

func (g *gate) close() {
	g.mu.Lock()
	g.closed = true
	g.mu.Unlock()
}
