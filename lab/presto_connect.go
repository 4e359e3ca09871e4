package main

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
	"time"
)

// prestoDialTimeout bounds lab presto's first connection to its server.
const prestoDialTimeout = 3 * time.Second

// prestoReach finds the coordinator lab presto talks to before any query is sent.
type prestoReach struct {
	// Server is --server (or --presto): host:port or a URL; empty for the stack's.
	Server string
	// StackPresto is the running stack's Presto URL, or an error saying why there is none.
	StackPresto func() (string, error)
	// Timeout bounds the connection check (default prestoDialTimeout).
	Timeout time.Duration
}

// classHost is the Presto host name of the class's docker-compose cluster.
const classHost = "presto"

// run returns the server to use. A server that does not answer within the
// timeout is an error that names the stack's Presto, except the class's own
// presto:8080, which, when it does not resolve here, means the stack's
// Presto: a note on out says so.
func (o prestoReach) run(ctx context.Context, out io.Writer) (string, error) {
	if o.Timeout == 0 {
		o.Timeout = prestoDialTimeout
	}
	if o.Server == "" {
		s, err := o.StackPresto()
		if err != nil {
			return "", err
		}
		if err := dialPresto(ctx, s, o.Timeout); err != nil {
			return "", fmt.Errorf("cannot reach the stack's Presto at %s (%v): is the stack up? (lab status)", s, err)
		}
		return s, nil
	}
	derr := dialPresto(ctx, o.Server, o.Timeout)
	if derr == nil {
		return o.Server, nil
	}
	stack, serr := o.StackPresto()
	hp := hostPort(o.Server)
	if serr != nil {
		return "", fmt.Errorf("cannot reach %s (%v), and %v", hp, derr, serr)
	}
	if host, _, _ := net.SplitHostPort(hp); host == classHost && isNotFound(derr) {
		fmt.Fprintf(out, "(%s is the class's compose cluster, not found here: using the stack's Presto at %s)\n", hp, stack)
		return stack, nil
	}
	return "", fmt.Errorf("cannot reach %s (%v) — the stack's Presto is at %s: lab presto --server %s, or leave --server out",
		hp, derr, stack, hostPort(stack))
}

// dialPresto asks the server for Presto's /v1/info within timeout: a
// coordinator answers 200 with its nodeVersion (a proxy that accepts any
// connection does not).
func dialPresto(ctx context.Context, server string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	base := server
	if !strings.Contains(base, "://") {
		base = "http://" + base
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(base, "/")+"/v1/info", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		var oe *net.OpError
		if errors.As(err, &oe) && oe.Err != nil {
			err = oe.Err
		}
		if errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("no answer within %s", timeout)
		}
		return err
	}
	defer resp.Body.Close()
	var info struct {
		NodeVersion *json.RawMessage `json:"nodeVersion"`
	}
	if resp.StatusCode != http.StatusOK || json.NewDecoder(io.LimitReader(resp.Body, 1<<16)).Decode(&info) != nil || info.NodeVersion == nil {
		return fmt.Errorf("answers HTTP %d, not as Presto's /v1/info", resp.StatusCode)
	}
	return nil
}

// hostPort is a server's host:port: "presto:8080", or a URL's host (port 80 or 443 by default).
func hostPort(server string) string {
	if !strings.Contains(server, "://") {
		server = "http://" + server
	}
	u, err := url.Parse(server)
	if err != nil || u.Host == "" {
		return server
	}
	if u.Port() != "" {
		return u.Host
	}
	if u.Scheme == "https" {
		return net.JoinHostPort(u.Hostname(), "443")
	}
	return net.JoinHostPort(u.Hostname(), "80")
}

func isNotFound(err error) bool {
	var dns *net.DNSError
	return errors.As(err, &dns) && (dns.IsNotFound || strings.Contains(dns.Err, "no such host") || strings.Contains(dns.Err, "server misbehaving"))
}
