package metastore

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/apache/thrift/lib/go/thrift"
)

// Server is a Hive Metastore on 127.0.0.1 speaking Thrift with
// TBufferedTransport and TBinaryProtocol, as `hive --service metastore` does
// without SASL. It implements the calls listed in Calls; any other call is
// answered with a Thrift application error (unknown method), a request
// missing its arguments with a metastore exception, and a call that panics
// with an application error (internal error); the connection keeps serving.
//
// Hostile clients are bounded: a request larger than the message limit, or
// declaring a container or string that cannot fit in it, is answered with a
// protocol error (the connection is then closed) before anything is
// reserved for it; a connection that sends no complete request for the
// idle timeout is closed; accept errors such as running out of file
// descriptors are retried with backoff, as net/http's Server.Serve does.
type Server struct {
	cfg   config
	store *store
	proc  thrift.TProcessor

	mu        sync.Mutex
	ln        net.Listener
	addr      string
	conns     map[net.Conn]struct{}
	wg        sync.WaitGroup
	closed    bool
	stop      chan struct{} // closed by Close: ends the accept loop's backoff
	acceptErr atomic.Int64  // accept errors retried, for tests
}

// Option configures Start.
type Option func(*config)

type config struct {
	addr        string
	warehouse   string
	aliases     [][2]string // table location prefixes recorded as others (WithLocationAlias)
	maxMessage  int
	idleTimeout time.Duration
}

// The defaults of the limits. Hive's own metastore allows 100 MB messages;
// a lab's largest request (a table of thousands of columns) is a few
// hundred KB.
const (
	DefaultMaxMessageSize = 4 << 20
	DefaultIdleTimeout    = 10 * time.Minute
)

// WithMaxMessageSize bounds a request, in bytes (default DefaultMaxMessageSize).
func WithMaxMessageSize(n int) Option { return func(c *config) { c.maxMessage = n } }

// WithIdleTimeout closes a connection that sends no complete request for d
// (default DefaultIdleTimeout). Clients such as hms.Client reconnect.
func WithIdleTimeout(d time.Duration) Option { return func(c *config) { c.idleTimeout = d } }

// WithAddr makes the server listen on addr (default 127.0.0.1:0, a free port).
func WithAddr(addr string) Option { return func(c *config) { c.addr = addr } }

// WithWarehouse sets the URI that databases without a location are placed
// under, as hive.metastore.warehouse.dir does: default is
// <uri>/user/hive/warehouse, database d is <uri>/user/hive/warehouse/d.db.
func WithWarehouse(uri string) Option { return func(c *config) { c.warehouse = uri } }

// Start loads the catalog kept in dir (creating it, with the database
// `default`, when there is none) and starts serving.
func Start(dir string, opts ...Option) (*Server, error) {
	cfg := config{addr: "127.0.0.1:0", warehouse: "file:///", maxMessage: DefaultMaxMessageSize, idleTimeout: DefaultIdleTimeout}
	for _, o := range opts {
		o(&cfg)
	}
	st, err := openStore(dir, cfg.warehouse)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, store: st, conns: map[net.Conn]struct{}{}}
	s.proc = newProcessor(&handler{store: st, aliases: s.cfg.aliases})
	if err := s.listen(cfg.addr); err != nil {
		return nil, err
	}
	return s, nil
}

// Addr is the server's host:port.
func (s *Server) Addr() string { return s.addr }

func (s *Server) listen(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("start metastore: %w", err)
	}
	s.mu.Lock()
	s.ln, s.addr, s.closed, s.stop = ln, ln.Addr().String(), false, make(chan struct{})
	s.mu.Unlock()
	s.wg.Add(1)
	go s.accept(ln, s.stop)
	return nil
}

// accept serves the connections of ln until Close. A temporary error (out of
// file descriptors, a connection reset before it was accepted) is retried
// after a pause doubling from 5 ms to 1 s, as net/http does; the pause lets
// connections close and free their descriptors.
func (s *Server) accept(ln net.Listener, stop chan struct{}) {
	defer s.wg.Done()
	var delay time.Duration
	for {
		c, err := ln.Accept()
		if err != nil {
			if !temporary(err) {
				return
			}
			s.acceptErr.Add(1)
			delay = min(max(2*delay, 5*time.Millisecond), time.Second)
			select {
			case <-stop:
				return
			case <-time.After(delay):
			}
			continue
		}
		delay = 0
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			c.Close()
			return
		}
		s.conns[c] = struct{}{}
		s.wg.Add(1)
		s.mu.Unlock()
		go s.serve(c)
	}
}

// serve answers the calls of one connection until it closes.
func (s *Server) serve(c net.Conn) {
	defer s.wg.Done()
	defer func() {
		s.mu.Lock()
		delete(s.conns, c)
		s.mu.Unlock()
		c.Close()
	}()
	// The last resort: a panic outside a call's handler (see processor)
	// ends this connection, not the process.
	defer func() { _ = recover() }()
	// Not TSocket: it resets the connection's deadlines on every read.
	trans := thrift.NewStreamTransportRW(c)
	conf := &thrift.TConfiguration{MaxMessageSize: int32(s.cfg.maxMessage), MaxFrameSize: int32(s.cfg.maxMessage)}
	rec := newRecorder(trans, s.cfg.maxMessage)
	in := limited{TProtocol: thrift.NewTBinaryProtocolConf(rec, conf), rec: rec}
	out := thrift.NewTBinaryProtocolConf(trans, conf)
	ctx := context.Background()
	for {
		// The whole next request, and the answer, within the idle timeout.
		c.SetDeadline(time.Now().Add(s.cfg.idleTimeout))
		rec.reset()
		ok, err := s.proc.Process(ctx, in, out)
		var te thrift.TTransportException
		var ae thrift.TApplicationException
		switch {
		case err == nil && ok:
		case errors.As(err, &te), errors.Is(err, thrift.ErrAbandonRequest):
			return
		case errors.As(err, &ae) && ae.TypeId() == thrift.UNKNOWN_METHOD:
			// answered with the application error; keep serving
		case ok:
			// a handler's error or panic, answered as an application error
		default:
			return
		}
	}
}

// Close stops listening, closes every connection and waits for them.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	close(s.stop)
	err := s.ln.Close()
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
	if cerr := s.store.close(); err == nil {
		err = cerr
	}
	return err
}

// Restart stops the server, reads its catalog back from disk and serves it
// again on the same address: what a metastore restart looks like to clients.
func (s *Server) Restart() error {
	if err := s.Close(); err != nil {
		return fmt.Errorf("restart metastore: %w", err)
	}
	st, err := openStore(s.store.dir, s.cfg.warehouse)
	if err != nil {
		return fmt.Errorf("restart metastore: %w", err)
	}
	s.store = st
	s.proc = newProcessor(&handler{store: st, aliases: s.cfg.aliases})
	return s.listen(s.addr)
}

// temporary tells whether an accept error is worth retrying: what net/http's
// Server.Serve retries (EMFILE, ENFILE, ECONNABORTED, ... report Temporary).
func temporary(err error) bool {
	var t interface{ Temporary() bool }
	return errors.As(err, &t) && t.Temporary()
}
