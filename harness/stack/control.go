package stack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// ErrCannotRestart is returned when a stack cannot restart its services
// (an external stack's services are not the lab's to restart).
var ErrCannotRestart = errors.New("this stack cannot restart its services")

// Control is the HTTP endpoint on 127.0.0.1 through which a `lab up`
// process answers for its stack to other processes: GET /state (who it is,
// what runs where), POST /stop, POST /restart/{service}. It serves from
// before the stack starts (GET /state answers 503 until then, and /stop
// cancels the start) to after it stopped. Its URL is in the lock file and
// in state.json.
type Control struct {
	srv  *http.Server
	addr string

	mu      sync.Mutex // guards the fields below; one restart at a time
	running Running
	state   State
	phase   string // starting, running, stopping
	changed func(State)
}

// ControlOptions configure ServeControl.
type ControlOptions struct {
	// State is what GET /state reports (its Control is filled in); its
	// Endpoints come with SetRunning.
	State State
	// Stop is called for POST /stop (it should make the process stop its stack and exit).
	Stop func()
	// Changed, if not nil, gets the state after a service restarted (new
	// process ids), to rewrite the state file.
	Changed func(State)
}

// ServeControl serves control requests on a free loopback port.
func ServeControl(opts ControlOptions) (*Control, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("control endpoint: %w", err)
	}
	c := &Control{addr: ln.Addr().String(), state: opts.State, phase: "starting", changed: opts.Changed}
	c.state.Control = c.URL()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /state", func(w http.ResponseWriter, _ *http.Request) {
		c.mu.Lock()
		st, phase := c.state, c.phase
		c.mu.Unlock()
		w.Header().Set("X-Lab-Phase", phase)
		if phase != "running" {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		json.NewEncoder(w).Encode(st)
	})
	mux.HandleFunc("POST /stop", func(w http.ResponseWriter, _ *http.Request) {
		if opts.Stop != nil {
			opts.Stop()
		}
		w.WriteHeader(http.StatusAccepted)
		fmt.Fprintln(w, "stopping")
	})
	mux.HandleFunc("POST /restart/{service}", func(w http.ResponseWriter, req *http.Request) {
		c.mu.Lock()
		defer c.mu.Unlock()
		service := req.PathValue("service")
		if c.running == nil {
			http.Error(w, "restart "+service+": the stack is "+c.phase, http.StatusServiceUnavailable)
			return
		}
		err := Restart(req.Context(), c.running, service)
		if errors.Is(err, ErrCannotRestart) {
			http.Error(w, err.Error(), http.StatusNotImplemented)
			return
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		c.state.Endpoints = c.running.Endpoints()
		if c.changed != nil {
			c.changed(c.state)
		}
		fmt.Fprintf(w, "restarted %s\n", service)
	})
	c.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go c.srv.Serve(ln)
	return c, nil
}

// URL is the control endpoint's base URL, http://127.0.0.1:port.
func (c *Control) URL() string { return "http://" + c.addr }

// SetRunning makes GET /state report r's endpoints, and returns the state.
func (c *Control) SetRunning(r Running) State {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.running, c.phase = r, "running"
	c.state.Endpoints = r.Endpoints()
	return c.state
}

// SetStopping makes GET /state answer that the stack is stopping.
func (c *Control) SetStopping() {
	c.mu.Lock()
	c.phase = "stopping"
	c.mu.Unlock()
}

// Close stops taking requests.
func (c *Control) Close() error { return c.srv.Close() }

// Restart restarts service of r, if r can (else it wraps ErrCannotRestart).
func Restart(ctx context.Context, r Running, service string) error {
	rs, ok := r.(Restarter)
	if !ok {
		return fmt.Errorf("restart %s: %w", service, ErrCannotRestart)
	}
	return rs.Restart(ctx, service)
}

var controlClient = &http.Client{Timeout: 10 * time.Second}

// FetchState asks the control endpoint at controlURL for its stack's state.
// It wraps ErrStarting while the stack starts or stops.
func FetchState(ctx context.Context, controlURL string) (State, error) {
	var st State
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, controlURL+"/state", nil)
	if err != nil {
		return st, err
	}
	res, err := controlClient.Do(req)
	if err != nil {
		return st, err
	}
	defer res.Body.Close()
	if err := json.NewDecoder(io.LimitReader(res.Body, 1<<20)).Decode(&st); err != nil {
		return st, fmt.Errorf("control endpoint %s: %w", controlURL, err)
	}
	if res.StatusCode == http.StatusServiceUnavailable {
		return st, fmt.Errorf("%w (%s)", ErrStarting, res.Header.Get("X-Lab-Phase"))
	}
	if res.StatusCode != http.StatusOK {
		return st, fmt.Errorf("control endpoint %s: %s", controlURL, res.Status)
	}
	return st, nil
}

// StopStack asks the `lab up` process at controlURL to stop its stack and exit.
func StopStack(ctx context.Context, controlURL string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, controlURL+"/stop", nil)
	if err != nil {
		return err
	}
	res, err := controlClient.Do(req)
	if err != nil {
		return fmt.Errorf("stop the stack: %w", err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusAccepted {
		return fmt.Errorf("stop the stack: %s", res.Status)
	}
	return nil
}

// RestartService asks the `lab up` process whose control endpoint is
// controlURL to restart service, and returns once the service answers again.
func RestartService(ctx context.Context, controlURL, service string) error {
	if controlURL == "" {
		return fmt.Errorf("restart %s: %w (no control endpoint in its state)", service, ErrCannotRestart)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, controlURL+"/restart/"+url.PathEscape(service), nil)
	if err != nil {
		return fmt.Errorf("restart %s: %w", service, err)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("restart %s: %w", service, err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	switch res.StatusCode {
	case http.StatusOK:
		return nil
	case http.StatusNotImplemented:
		return remoteError{strings.TrimSpace(string(body)), ErrCannotRestart}
	default:
		return remoteError{strings.TrimSpace(string(body)), nil}
	}
}

// remoteError is an error the `lab up` process answered, as it said it.
type remoteError struct {
	msg string
	is  error
}

func (e remoteError) Error() string { return e.msg }
func (e remoteError) Unwrap() error { return e.is }
