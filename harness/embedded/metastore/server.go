package metastore

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"

	"github.com/apache/thrift/lib/go/thrift"
)

// Server is a Hive Metastore on 127.0.0.1 speaking Thrift with
// TBufferedTransport and TBinaryProtocol, as `hive --service metastore` does
// without SASL. It implements the calls listed in Calls; any other call is
// answered with a Thrift application error (unknown method), a request
// missing its arguments with a metastore exception, and a call that panics
// with an application error (internal error); the connection keeps serving.
type Server struct {
	cfg   config
	store *store
	proc  thrift.TProcessor

	mu     sync.Mutex
	ln     net.Listener
	addr   string
	conns  map[net.Conn]struct{}
	wg     sync.WaitGroup
	closed bool
}

// Option configures Start.
type Option func(*config)

type config struct {
	addr      string
	warehouse string
}

// WithAddr makes the server listen on addr (default 127.0.0.1:0, a free port).
func WithAddr(addr string) Option { return func(c *config) { c.addr = addr } }

// WithWarehouse sets the URI that databases without a location are placed
// under, as hive.metastore.warehouse.dir does: default is
// <uri>/user/hive/warehouse, database d is <uri>/user/hive/warehouse/d.db.
func WithWarehouse(uri string) Option { return func(c *config) { c.warehouse = uri } }

// Start loads the catalog kept in dir (creating it, with the database
// `default`, when there is none) and starts serving.
func Start(dir string, opts ...Option) (*Server, error) {
	cfg := config{addr: "127.0.0.1:0", warehouse: "file:///"}
	for _, o := range opts {
		o(&cfg)
	}
	st, err := openStore(dir, cfg.warehouse)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, store: st, conns: map[net.Conn]struct{}{}}
	s.proc = newProcessor(&handler{store: st})
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
	s.ln, s.addr, s.closed = ln, ln.Addr().String(), false
	s.mu.Unlock()
	s.wg.Add(1)
	go s.accept(ln)
	return nil
}

func (s *Server) accept(ln net.Listener) {
	defer s.wg.Done()
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
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
	trans := thrift.NewTBufferedTransport(thrift.NewTSocketFromConnConf(c, nil), 4096)
	prot := thrift.NewTBinaryProtocolConf(trans, nil)
	ctx := context.Background()
	for {
		ok, err := s.proc.Process(ctx, prot, prot)
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
	err := s.ln.Close()
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
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
	s.proc = newProcessor(&handler{store: st})
	return s.listen(s.addr)
}
