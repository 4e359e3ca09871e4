package bench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// UserAgent is the User-Agent ab 2.3 sends; lab bench sends the same, so the
// events and query results read as they did in the class. -H "User-Agent: ..." overrides it.
const UserAgent = "ApacheBench/2.3"

// Config is ab's command line.
type Config struct {
	URL         string
	Requests    int           // -n (default 1)
	Concurrency int           // -c (default 1)
	Headers     []string      // -H "Name: value", repeatable; Host replaces the Host header
	KeepAlive   bool          // -k
	TimeLimit   time.Duration // -t: stop after this long (and -n defaults to 50000, as in ab)
	Timeout     time.Duration // -s: per-request timeout (default 30s, as in ab)
}

// Result is what one run measured.
type Result struct {
	URL            *url.URL
	ServerSoftware string
	DocumentLength int
	Concurrency    int
	KeepAlive      bool
	Duration       time.Duration
	Complete       int
	Failed         int
	FailConnect    int
	FailReceive    int
	FailLength     int
	FailExceptions int
	Non2xx         int
	KeepAliveReqs  int
	TotalBytes     int64
	HTMLBytes      int64
	// Per request: connect, wait (to first byte) and total times.
	Connect, Waiting, Total []time.Duration
}

type request struct {
	raw       []byte
	addr      string
	keepAlive bool
}

// Parse checks cfg and returns the URL ab would request.
func (cfg *Config) parse() (*url.URL, error) {
	if cfg.URL == "" {
		return nil, errors.New("bench: no URL given")
	}
	u, err := url.Parse(cfg.URL)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("bench: invalid URL %q", cfg.URL)
	}
	if u.Scheme != "http" {
		return nil, fmt.Errorf("bench: invalid URL %q: only http:// is supported", cfg.URL)
	}
	if u.Path == "" {
		u.Path = "/"
	}
	if cfg.TimeLimit > 0 && cfg.Requests == 0 {
		cfg.Requests = 50000
	}
	if cfg.Requests == 0 {
		cfg.Requests = 1
	}
	if cfg.Concurrency == 0 {
		cfg.Concurrency = 1
	}
	if cfg.Requests < 0 || cfg.Concurrency < 0 {
		return nil, errors.New("bench: -n and -c must be positive")
	}
	if cfg.Concurrency > cfg.Requests {
		return nil, fmt.Errorf("bench: cannot use concurrency level greater than total number of requests (-c %d > -n %d)", cfg.Concurrency, cfg.Requests)
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 30 * time.Second
	}
	for _, h := range cfg.Headers {
		if name, _, ok := strings.Cut(h, ":"); !ok || strings.TrimSpace(name) == "" {
			return nil, fmt.Errorf("bench: invalid header %q: want \"Name: value\"", h)
		}
	}
	return u, nil
}

// buildRequest writes the HTTP/1.0 request ab sends.
func buildRequest(cfg Config, u *url.URL) request {
	host := u.Host
	hdr := map[string]bool{}
	var extra strings.Builder
	for _, h := range cfg.Headers {
		name, value, _ := strings.Cut(h, ":")
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		key := http.CanonicalHeaderKey(name)
		hdr[key] = true
		if key == "Host" {
			host = value
			continue
		}
		fmt.Fprintf(&extra, "%s: %s\r\n", name, value)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "GET %s HTTP/1.0\r\n", u.RequestURI())
	if cfg.KeepAlive {
		b.WriteString("Connection: Keep-Alive\r\n")
	}
	fmt.Fprintf(&b, "Host: %s\r\n", host)
	if !hdr["User-Agent"] {
		fmt.Fprintf(&b, "User-Agent: %s\r\n", UserAgent)
	}
	if !hdr["Accept"] {
		b.WriteString("Accept: */*\r\n")
	}
	b.WriteString(extra.String())
	b.WriteString("\r\n")
	addr := u.Host
	if u.Port() == "" {
		addr = net.JoinHostPort(u.Hostname(), "80")
	}
	return request{raw: []byte(b.String()), addr: addr, keepAlive: cfg.KeepAlive}
}

// Run sends the requests and measures them. It stops early when ctx ends.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	u, err := cfg.parse()
	if err != nil {
		return nil, err
	}
	req := buildRequest(cfg, u)
	res := &Result{URL: u, Concurrency: cfg.Concurrency, KeepAlive: cfg.KeepAlive, DocumentLength: -1}
	if cfg.TimeLimit > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, cfg.TimeLimit)
		defer cancel()
	}

	var next atomic.Int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < cfg.Concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := &client{req: req, timeout: cfg.Timeout}
			defer c.close()
			local := &Result{DocumentLength: -1}
			for ctx.Err() == nil && next.Add(1) <= int64(cfg.Requests) {
				c.do(local)
			}
			mu.Lock()
			res.merge(local)
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.Duration = time.Since(start)
	if res.Complete == 0 && res.Failed > 0 && res.FailConnect == res.Failed {
		return res, fmt.Errorf("bench: connect to %s: %w", req.addr, errConnect)
	}
	return res, nil
}

var errConnect = errors.New("connection refused or unreachable")

func (r *Result) merge(o *Result) {
	r.Complete += o.Complete
	r.Failed += o.Failed
	r.FailConnect += o.FailConnect
	r.FailReceive += o.FailReceive
	r.FailLength += o.FailLength
	r.FailExceptions += o.FailExceptions
	r.Non2xx += o.Non2xx
	r.KeepAliveReqs += o.KeepAliveReqs
	r.TotalBytes += o.TotalBytes
	r.HTMLBytes += o.HTMLBytes
	r.Connect = append(r.Connect, o.Connect...)
	r.Waiting = append(r.Waiting, o.Waiting...)
	r.Total = append(r.Total, o.Total...)
	if r.ServerSoftware == "" {
		r.ServerSoftware = o.ServerSoftware
	}
	if r.DocumentLength < 0 {
		r.DocumentLength = o.DocumentLength
	} else if o.DocumentLength >= 0 && o.DocumentLength != r.DocumentLength {
		// ab counts responses whose length differs from the first as length failures;
		// the workers' first lengths differing is the same failure.
		r.FailLength++
		r.Failed++
	}
}

// client is one of the -c concurrent users; with -k it keeps its connection.
type client struct {
	req     request
	timeout time.Duration
	conn    net.Conn
	br      *bufio.Reader
}

func (c *client) close() {
	if c.conn != nil {
		c.conn.Close()
		c.conn = nil
	}
}

// countingConn counts the bytes read from a connection, as ab's "Total transferred".
type countingConn struct {
	net.Conn
	n int64
}

func (c *countingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.n += int64(n)
	return n, err
}

func (c *client) do(res *Result) {
	// BEGIN SOLUTION: send one request as ab does and record its times, bytes and outcome
	begin := time.Now()
	var connect time.Duration
	reused := c.conn != nil
	if !reused {
		conn, err := net.DialTimeout("tcp", c.req.addr, c.timeout)
		if err != nil {
			res.Failed++
			res.FailConnect++
			return
		}
		c.conn = &countingConn{Conn: conn}
		c.br = bufio.NewReaderSize(c.conn, 4096)
		connect = time.Since(begin)
	}
	cc := c.conn.(*countingConn)
	before := cc.n - int64(c.br.Buffered())
	c.conn.SetDeadline(time.Now().Add(c.timeout))
	if _, err := c.conn.Write(c.req.raw); err != nil {
		c.fail(res, reused)
		return
	}
	written := time.Now()
	if _, err := c.br.Peek(1); err != nil {
		c.fail(res, reused)
		return
	}
	waiting := time.Since(written)
	resp, err := http.ReadResponse(c.br, nil)
	if err != nil {
		c.fail(res, reused)
		return
	}
	n, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err != nil {
		c.fail(res, reused)
		return
	}
	total := time.Since(begin)
	res.Complete++
	if reused {
		res.KeepAliveReqs++
	}
	if resp.StatusCode < 200 || resp.StatusCode >= 300 {
		res.Non2xx++
	} else if res.DocumentLength < 0 {
		res.DocumentLength = int(n)
	} else if int(n) != res.DocumentLength {
		res.Failed++
		res.FailLength++
	}
	if res.ServerSoftware == "" {
		res.ServerSoftware = resp.Header.Get("Server")
	}
	res.HTMLBytes += n
	res.TotalBytes += cc.n - int64(c.br.Buffered()) - before
	res.Connect = append(res.Connect, connect)
	res.Waiting = append(res.Waiting, waiting)
	res.Total = append(res.Total, total)
	if !c.req.keepAlive || resp.Close {
		c.close()
	}
	// END SOLUTION
}

func (c *client) fail(res *Result, reused bool) {
	c.close()
	res.Failed++
	if reused {
		res.FailReceive++
	} else {
		res.FailExceptions++
	}
}

// percentile returns the q-th percentile (0..100) of sorted ds as ab computes it.
func percentile(sorted []time.Duration, q int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := len(sorted) * q / 100
	if q == 100 || i >= len(sorted) {
		i = len(sorted) - 1
	}
	return sorted[i]
}

func sortedCopy(ds []time.Duration) []time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s
}
