package presto

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"sync"
	"time"
)

// Server is an in-process Presto coordinator on 127.0.0.1.
type Server struct {
	cfg     config
	eng     *engine
	ids     *queryIDs
	ln      net.Listener
	accepts *countingListener
	http    *http.Server
	started time.Time

	mu      sync.Mutex
	queries map[string]*query
	closed  bool

	stop chan struct{}
	wg   sync.WaitGroup
}

// Option configures Start.
type Option func(*config)

type config struct {
	addr           string
	pageRows       int
	wait           time.Duration
	abandonTimeout time.Duration
	keepDone       time.Duration
	headerTimeout  time.Duration
	idleTimeout    time.Duration
	warehouse      []string
	log            io.Writer
}

// WithWarehouse sets the directories the tables' files may be in (the
// warehouse): DuckDB reads nothing else. Without it no table can be read.
func WithWarehouse(dirs ...string) Option {
	return func(c *config) { c.warehouse = append(c.warehouse, dirs...) }
}

// WithAddr sets the listen address (default 127.0.0.1:0, a free port).
func WithAddr(addr string) Option { return func(c *config) { c.addr = addr } }

// WithPageRows sets the most rows one response carries (default 4096).
func WithPageRows(n int) Option { return func(c *config) { c.pageRows = n } }

// WithAbandonTimeout sets how long a query lives without its client
// fetching the next page before it is canceled (default 5 minutes, as Presto's query.client.timeout).
func WithAbandonTimeout(d time.Duration) Option { return func(c *config) { c.abandonTimeout = d } }

// Start starts a server that reads its tables from cat.
func Start(cat Catalog, opts ...Option) (_ *Server, err error) {
	cfg := config{addr: "127.0.0.1:0", pageRows: 4096, wait: time.Second, abandonTimeout: 5 * time.Minute, keepDone: time.Minute,
		headerTimeout: 10 * time.Second, idleTimeout: 2 * time.Minute, log: io.Discard}
	for _, o := range opts {
		o(&cfg)
	}
	eng, err := newEngine(cat, cfg.warehouse)
	if err != nil {
		return nil, fmt.Errorf("start presto: %w", err)
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		eng.close()
		return nil, fmt.Errorf("start presto: %w", err)
	}
	s := &Server{cfg: cfg, eng: eng, ids: newQueryIDs(), ln: ln, accepts: &countingListener{Listener: ln}, started: time.Now(),
		queries: map[string]*query{}, stop: make(chan struct{})}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/statement", s.handleSubmit)
	mux.HandleFunc("GET /v1/statement/{id}/{slug}/{token}", s.handleFetch)
	mux.HandleFunc("DELETE /v1/statement/{id}/{slug}/{token}", s.handleCancel)
	mux.HandleFunc("DELETE /v1/query/{id}", s.handleKill)
	mux.HandleFunc("GET /v1/query/{id}", s.handleQueryInfo)
	mux.HandleFunc("GET /v1/query", s.handleQueryList)
	mux.HandleFunc("GET /v1/info", s.handleInfo)
	mux.HandleFunc("GET /v1/info/state", s.handleInfoState)
	mux.HandleFunc("GET /v1/cluster", s.handleCluster)
	// Hostile clients are bounded: a request's headers within 10 s
	// (WithHeaderTimeout) and 64 KiB (431 beyond), the whole request within
	// a minute, an idle keep-alive connection closed after 2 minutes
	// (WithIdleTimeout). Serve retries accept errors such as EMFILE with
	// backoff and keeps serving (AcceptRetries counts them).
	s.http = &http.Server{Handler: mux, ReadHeaderTimeout: cfg.headerTimeout, ReadTimeout: time.Minute,
		IdleTimeout: cfg.idleTimeout, MaxHeaderBytes: 64 << 10, ErrorLog: log.New(cfg.log, "presto: ", 0)}
	s.wg.Add(2)
	go func() {
		defer s.wg.Done()
		s.http.Serve(s.accepts)
	}()
	go func() {
		defer s.wg.Done()
		s.janitor()
	}()
	return s, nil
}

// URL is the server's base URL, http://127.0.0.1:port.
func (s *Server) URL() string { return "http://" + s.ln.Addr().String() }

// Addr is the server's host:port.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Close cancels every query, stops the server and closes DuckDB.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	for _, q := range s.queries {
		q.cancel(causeCanceled)
	}
	s.mu.Unlock()
	close(s.stop)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := s.http.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		err = s.http.Close()
	}
	s.wg.Wait()
	return errors.Join(err, s.eng.close())
}

// Running is the number of queries not yet finished or failed.
func (s *Server) Running() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, q := range s.queries {
		q.mu.Lock()
		if q.ended.IsZero() {
			n++
		}
		q.mu.Unlock()
	}
	return n
}

// janitor cancels abandoned queries and forgets old finished ones.
func (s *Server) janitor() {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-s.stop:
			return
		case now := <-tick.C:
			s.mu.Lock()
			for id, q := range s.queries {
				q.mu.Lock()
				abandoned := q.ended.IsZero() && now.Sub(q.lastSeen) > s.cfg.abandonTimeout
				old := !q.ended.IsZero() && now.Sub(q.ended) > s.cfg.keepDone && now.Sub(q.lastSeen) > s.cfg.keepDone
				q.mu.Unlock()
				if abandoned {
					q.cancel(causeAbandoned)
				}
				if old {
					delete(s.queries, id)
				}
			}
			s.mu.Unlock()
		}
	}
}

func (s *Server) lookup(id string) *query {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.queries[id]
}
