package embedded

import (
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// retryListener is the broker's listener. kfake's accept loop returns for
// good on the first Accept error, so out of file descriptors (EMFILE, e.g.
// thousands of idle connections) the broker would refuse every connection
// from then on. Its Accept instead retries a temporary error after a pause
// doubling from 5 ms to 1 s, as net/http's Server.Serve does; the pause
// lets connections close and free their descriptors. Close ends a pause.
type retryListener struct {
	net.Listener
	logf    func(string, ...any)
	closed  chan struct{}
	once    sync.Once
	retried atomic.Int64 // accept errors retried
}

func newRetryListener(ln net.Listener, logf func(string, ...any)) *retryListener {
	return &retryListener{Listener: ln, logf: logf, closed: make(chan struct{})}
}

// Accept implements net.Listener.
func (l *retryListener) Accept() (net.Conn, error) {
	var delay time.Duration
	for {
		c, err := l.Listener.Accept()
		if err == nil || !temporary(err) {
			return c, err
		}
		if delay == 0 {
			l.logf("kafka: accept: %v; retrying", err)
		}
		l.retried.Add(1)
		delay = min(max(2*delay, 5*time.Millisecond), time.Second)
		select {
		case <-l.closed:
			return nil, net.ErrClosed
		case <-time.After(delay):
		}
	}
}

// Close implements net.Listener.
func (l *retryListener) Close() error {
	l.once.Do(func() { close(l.closed) })
	return l.Listener.Close()
}

// temporary tells whether an accept error is worth retrying: what net/http's
// Server.Serve retries (EMFILE, ENFILE, ECONNABORTED, ... report Temporary).
func temporary(err error) bool {
	var t interface{ Temporary() bool }
	return errors.As(err, &t) && t.Temporary()
}
