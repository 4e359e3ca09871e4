package harness

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness/stack"
)

// ErrCannotRestart is returned when a stack cannot restart its services
// (an external stack's services are not the lab's to restart).
var ErrCannotRestart = errors.New("this stack cannot restart its services")

// Control is the HTTP endpoint on 127.0.0.1 through which a `lab up`
// process takes requests for its stack from other processes (`lab restart`,
// tests attached through LAB_DIR). Its URL is in the state file.
type Control struct {
	srv  *http.Server
	addr string
}

// ServeControl serves control requests for r on a free loopback port.
// After a service restarts, changed (if not nil) gets the stack's new
// endpoints, to rewrite the state file with the new process ids.
func ServeControl(r stack.Running, changed func(stack.Endpoints)) (*Control, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("control endpoint: %w", err)
	}
	var mu sync.Mutex // one restart at a time
	mux := http.NewServeMux()
	mux.HandleFunc("POST /restart/{service}", func(w http.ResponseWriter, req *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		err := restart(req.Context(), r, req.PathValue("service"))
		if errors.Is(err, ErrCannotRestart) {
			http.Error(w, err.Error(), http.StatusNotImplemented)
			return
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		if changed != nil {
			changed(r.Endpoints())
		}
		fmt.Fprintf(w, "restarted %s\n", req.PathValue("service"))
	})
	c := &Control{srv: &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}, addr: ln.Addr().String()}
	go c.srv.Serve(ln)
	return c, nil
}

// URL is the control endpoint's base URL, http://127.0.0.1:port.
func (c *Control) URL() string { return "http://" + c.addr }

// Close stops taking requests.
func (c *Control) Close() error { return c.srv.Close() }

// restart restarts service of r, if r can.
func restart(ctx context.Context, r stack.Running, service string) error {
	rs, ok := r.(stack.Restarter)
	if !ok {
		return fmt.Errorf("restart %s: %w", service, ErrCannotRestart)
	}
	return rs.Restart(ctx, service)
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
