package presto

import (
	"errors"
	"io"
	"net"
	"sync/atomic"
	"time"
)

// WithHeaderTimeout sets how long a connection may take to send a
// request's headers, an idle new connection included (default 10 s).
func WithHeaderTimeout(d time.Duration) Option { return func(c *config) { c.headerTimeout = d } }

// WithIdleTimeout sets how long a keep-alive connection may wait for its
// next request before it is closed (default 2 minutes).
func WithIdleTimeout(d time.Duration) Option { return func(c *config) { c.idleTimeout = d } }

// WithLog receives the server's own errors, one line each: accept errors
// it retries (EMFILE ...), connections it drops, a handler's panic. Without
// it they are discarded (AcceptRetries still counts the retries).
func WithLog(w io.Writer) Option {
	return func(c *config) {
		if w != nil {
			c.log = w
		}
	}
}

// AcceptRetries is how many times accepting a connection failed (EMFILE,
// ENFILE, ...) and was retried after a pause, as net/http does.
func (s *Server) AcceptRetries() int64 { return s.accepts.failed.Load() }

// countingListener counts the errors of Accept that are not its closing.
type countingListener struct {
	net.Listener
	failed atomic.Int64
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil && !errors.Is(err, net.ErrClosed) {
		l.failed.Add(1)
	}
	return c, err
}
