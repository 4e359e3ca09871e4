package serve

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

// Config configures the game API.
type Config struct {
	// Addr is where the API listens (default 127.0.0.1:5000, Flask's port).
	Addr string
	// Brokers are Kafka's bootstrap brokers.
	Brokers []string
	// Topic receives the events (default "events").
	Topic string
	// Routes are the event routes (default DefaultRoutes).
	Routes []Route
	// LogTimeout bounds how long a request waits for Kafka's acknowledgement
	// before it is answered 503 (default 5s).
	LogTimeout time.Duration
	// Linger is how long, under load, a produce request waits for the events
	// of the requests still being read, so that one request carries them
	// all: fewer, larger produce requests cost this process and the broker
	// less CPU per event (default 1ms; negative: never wait). It applies
	// only after a batch of more than one event: a lone request is sent at once.
	Linger time.Duration
	// ErrorLog receives why a request could not be logged (default: the standard logger).
	ErrorLog *log.Logger
}

func (c *Config) defaults() {
	if c.Addr == "" {
		c.Addr = "127.0.0.1:5000"
	}
	if c.Topic == "" {
		c.Topic = "events"
	}
	if c.Routes == nil {
		c.Routes = DefaultRoutes
	}
	if c.LogTimeout == 0 {
		c.LogTimeout = 5 * time.Second
	}
	if c.Linger == 0 {
		c.Linger = time.Millisecond
	}
	if c.ErrorLog == nil {
		c.ErrorLog = log.Default()
	}
}

// Unavailable is the body of the 503 answered when Kafka did not take an event.
const Unavailable = "Service Unavailable: the event could not be logged to Kafka, try again\n"

// Server is the game API.
type Server struct {
	cfg   Config
	kafka *producer
	http  *http.Server
	ln    net.Listener
	busy  sync.Map // net.Conn → bool: reading or answering a request
}

// New returns a game API that logs to cfg.Brokers. It does not listen yet.
func New(cfg Config) (*Server, error) {
	cfg.defaults()
	if len(cfg.Brokers) == 0 {
		return nil, errors.New("serve: no kafka brokers given")
	}
	s := &Server{cfg: cfg, kafka: newProducer(cfg.Brokers, cfg.Topic, cfg.Linger)}
	s.http = &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          cfg.ErrorLog,
		ConnState:         s.connState,
	}
	return s, nil
}

// connState counts the connections that are reading or answering a request
// (new or active, not idle between keep-alive requests): the producer's
// linger waits for their events.
func (s *Server) connState(c net.Conn, st http.ConnState) {
	busy := st == http.StateNew || st == http.StateActive
	if st == http.StateClosed || st == http.StateHijacked {
		if was, ok := s.busy.LoadAndDelete(c); ok && was.(bool) {
			s.kafka.open.Add(-1)
		}
		return
	}
	if was, ok := s.busy.Swap(c, busy); !ok || was.(bool) != busy {
		if busy {
			s.kafka.open.Add(1)
		} else if ok {
			s.kafka.open.Add(-1)
		}
	}
}

// Handler returns the API's routes as an http.Handler.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.cfg.Routes {
		mux.HandleFunc("GET "+rt.Path+pathEnd(rt.Path), s.logged(rt))
	}
	return mux
}

// pathEnd makes "/" match only "/", as Flask's route does.
func pathEnd(p string) string {
	if p == "/" {
		return "{$}"
	}
	return ""
}

func (s *Server) logged(rt Route) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		// BEGIN SOLUTION: log the route's event to Kafka, answer 200 with the route's body once acknowledged, 503 if not
		ev := Event(rt.EventType, r)
		if err := s.kafka.Log(r.Context(), time.Now().Add(s.cfg.LogTimeout), ev); err != nil {
			s.cfg.ErrorLog.Printf("serve: %s %s: log event to kafka topic %s: %v", r.Method, r.URL.Path, s.cfg.Topic, err)
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusServiceUnavailable)
			io.WriteString(w, Unavailable)
			return
		}
		w.Header().Set("Server", ServerSoftware)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, rt.Body)
		// END SOLUTION
	}
}

// Listen binds the server's address. Use it before Serve to learn Addr when the port is 0.
func (s *Server) Listen() error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("serve: listen: %w", err)
	}
	s.ln = ln
	return nil
}

// Addr is the address the server listens on, once Listen returned.
func (s *Server) Addr() string {
	if s.ln == nil {
		return s.cfg.Addr
	}
	return s.ln.Addr().String()
}

// URL is the server's base URL, once Listen returned.
func (s *Server) URL() string { return "http://" + s.Addr() }

// Serve answers requests until Shutdown. It listens first if Listen was not called.
func (s *Server) Serve() error {
	if s.ln == nil {
		if err := s.Listen(); err != nil {
			return err
		}
	}
	if err := s.http.Serve(s.ln); !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// Shutdown stops accepting requests, waits for those in flight (their events
// acknowledged by Kafka), then closes the producer.
func (s *Server) Shutdown(ctx context.Context) error {
	err := s.http.Shutdown(ctx)
	if cerr := s.kafka.Close(); err == nil {
		err = cerr
	}
	return err
}

// Start listens on cfg.Addr (port 0 picks a free one) and serves in the background.
// Stop it with Shutdown.
func Start(cfg Config) (*Server, error) {
	s, err := New(cfg)
	if err != nil {
		return nil, err
	}
	if err := s.Listen(); err != nil {
		s.kafka.Close()
		return nil, err
	}
	go s.Serve()
	return s, nil
}

// Bare returns the routes' answers without logging anything: the HTTP ceiling
// that `make bench` compares the API with.
func Bare(routes []Route) http.Handler {
	mux := http.NewServeMux()
	for _, rt := range routes {
		mux.HandleFunc("GET "+rt.Path+pathEnd(rt.Path), func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Server", ServerSoftware)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, rt.Body)
		})
	}
	return mux
}
