// Package progress shows what takes more than a second: a spinner with the time spent on a terminal, plain lines elsewhere.
package progress

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"golang.org/x/term"
)

// IsTerminal reports whether w is a terminal.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// Lines is a writer for progress lines. On a terminal, the latest line is
// shown with a spinner and the seconds it has been running; when the next
// line comes, it is kept with a check mark and its time. Elsewhere, lines
// pass through unchanged. Close ends the last line.
type Lines struct {
	w     io.Writer
	tty   bool
	mu    sync.Mutex
	buf   []byte
	cur   string
	since time.Time
	stop  chan struct{}
	done  chan struct{}
}

// NewLines returns a progress writer over w; its spinner runs on terminals only.
func NewLines(w io.Writer) *Lines {
	l := &Lines{w: w, tty: IsTerminal(w)}
	if l.tty {
		l.stop, l.done = make(chan struct{}), make(chan struct{})
		go l.spin()
	}
	return l
}

var frames = []rune("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏")

func (l *Lines) spin() {
	defer close(l.done)
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for i := 0; ; i++ {
		select {
		case <-l.stop:
			return
		case <-t.C:
			l.mu.Lock()
			if l.cur != "" && time.Since(l.since) > time.Second {
				fmt.Fprintf(l.w, "\r\033[K%c %s (%.0fs)", frames[i%len(frames)], l.cur, time.Since(l.since).Seconds())
			}
			l.mu.Unlock()
		}
	}
}

// Write takes whole or partial lines.
func (l *Lines) Write(p []byte) (int, error) {
	if !l.tty {
		return l.w.Write(p)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf = append(l.buf, p...)
	for {
		i := bytes.IndexByte(l.buf, '\n')
		if i < 0 {
			break
		}
		line := string(l.buf[:i])
		l.buf = l.buf[i+1:]
		l.finish()
		l.cur, l.since = line, time.Now()
		fmt.Fprintf(l.w, "\r\033[K… %s", line)
	}
	return len(p), nil
}

// finish keeps the current line, marked done. Called with mu held.
func (l *Lines) finish() {
	if l.cur == "" {
		return
	}
	fmt.Fprintf(l.w, "\r\033[K✓ %s (%.1fs)\n", l.cur, time.Since(l.since).Seconds())
	l.cur = ""
}

// Close ends the last line and stops the spinner.
func (l *Lines) Close() error {
	if !l.tty {
		return nil
	}
	close(l.stop)
	<-l.done
	l.mu.Lock()
	defer l.mu.Unlock()
	l.finish()
	return nil
}
