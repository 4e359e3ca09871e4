package bench_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/fullstack-lab/fullstack-lab/steps/bench"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recorder is a server that remembers what ab-style requests it got.
type recorder struct {
	mu       sync.Mutex
	conns    int // connections the server accepted
	hosts    map[string]int
	agents   map[string]int
	accepts  map[string]int
	requests int
}

func newRecorder(t *testing.T, status func(n int) int) (*recorder, *httptest.Server) {
	rec := &recorder{hosts: map[string]int{}, agents: map[string]int{}, accepts: map[string]int{}}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.mu.Lock()
		rec.requests++
		n := rec.requests
		rec.hosts[r.Host]++
		rec.agents[r.UserAgent()]++
		rec.accepts[r.Header.Get("Accept")]++
		rec.mu.Unlock()
		w.Header().Set("Server", "recorder/1.0")
		w.WriteHeader(status(n))
		w.Write([]byte("Sword Purchased!\n"))
	}))
	srv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			rec.mu.Lock()
			rec.conns++
			rec.mu.Unlock()
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return rec, srv
}

func ok(int) int { return 200 }

func TestRun(t *testing.T) {
	tests := []struct {
		description string
		cfg         bench.Config
	}{
		{"one at a time, as the class ran it", bench.Config{Requests: 10, Headers: []string{"Host: user1.comcast.com"}}},
		{"concurrent", bench.Config{Requests: 100, Concurrency: 7, Headers: []string{"Host: user1.comcast.com"}}},
		{"keep-alive reuses each connection", bench.Config{Requests: 100, Concurrency: 4, KeepAlive: true, Headers: []string{"host: user1.comcast.com"}}},
	}
	for _, tc := range tests {
		t.Run(tc.description, func(t *testing.T) {
			rec, srv := newRecorder(t, ok)
			tc.cfg.URL = srv.URL + "/purchase_a_sword"
			res, err := bench.Run(context.Background(), tc.cfg)
			require.NoError(t, err)
			assert.Equal(t, tc.cfg.Requests, res.Complete)
			assert.Zero(t, res.Failed)
			assert.Zero(t, res.Non2xx)
			if tc.cfg.KeepAlive {
				// Every request but the first on each connection reused it.
				assert.Equal(t, tc.cfg.Requests-rec.conns, res.KeepAliveReqs)
				assert.LessOrEqual(t, rec.conns, tc.cfg.Concurrency)
			} else {
				assert.Zero(t, res.KeepAliveReqs)
				assert.Equal(t, tc.cfg.Requests, rec.conns, "one connection per request without -k")
			}
			assert.Equal(t, 17, res.DocumentLength)
			assert.Equal(t, int64(17*tc.cfg.Requests), res.HTMLBytes)
			assert.Equal(t, "recorder/1.0", res.ServerSoftware)
			assert.Equal(t, map[string]int{"user1.comcast.com": tc.cfg.Requests}, rec.hosts)
			assert.Equal(t, map[string]int{bench.UserAgent: tc.cfg.Requests}, rec.agents)
			assert.Equal(t, map[string]int{"*/*": tc.cfg.Requests}, rec.accepts)
		})
	}
}

func TestNon2xx(t *testing.T) {
	_, srv := newRecorder(t, func(n int) int {
		if n%4 == 0 {
			return 503
		}
		return 200
	})
	res, err := bench.Run(context.Background(), bench.Config{URL: srv.URL + "/", Requests: 40, Concurrency: 1})
	require.NoError(t, err)
	assert.Equal(t, 40, res.Complete)
	assert.Equal(t, 10, res.Non2xx)
	var out strings.Builder
	res.Report(&out)
	assert.Contains(t, out.String(), "Non-2xx responses:      10\n")
	assert.Contains(t, out.String(), "Complete requests:      40\n")
}

func TestReport(t *testing.T) {
	_, srv := newRecorder(t, ok)
	res, err := bench.Run(context.Background(), bench.Config{URL: srv.URL + "/purchase_a_sword", Requests: 20, Concurrency: 2})
	require.NoError(t, err)
	var out strings.Builder
	res.Report(&out)
	for _, line := range []string{
		"Server Software:        recorder/1.0\n",
		"Server Hostname:        127.0.0.1\n",
		"Document Path:          /purchase_a_sword\n",
		"Document Length:        17 bytes\n",
		"Concurrency Level:      2\n",
		"Complete requests:      20\n",
		"Failed requests:        0\n",
		"HTML transferred:       340 bytes\n",
		"Requests per second:    ",
		"Time per request:       ",
		"(mean, across all concurrent requests)\n",
		"Transfer rate:          ",
		"Connection Times (ms)\n",
		"Percentage of the requests served within a certain time (ms)\n",
		"(longest request)\n",
	} {
		assert.Contains(t, out.String(), line)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		description string
		cfg         bench.Config
		want        string
	}{
		{"no URL", bench.Config{}, "bench: no URL given"},
		{"https", bench.Config{URL: "https://localhost/"}, `bench: invalid URL "https://localhost/": only http:// is supported`},
		{"more users than requests", bench.Config{URL: "http://localhost/", Requests: 2, Concurrency: 3},
			"bench: cannot use concurrency level greater than total number of requests (-c 3 > -n 2)"},
		{"bad header", bench.Config{URL: "http://localhost/", Headers: []string{"Host user1"}}, `bench: invalid header "Host user1": want "Name: value"`},
	}
	for _, tc := range tests {
		t.Run(tc.description, func(t *testing.T) {
			_, err := bench.Run(context.Background(), tc.cfg)
			require.EqualError(t, err, tc.want)
		})
	}
}

func TestConnectionRefused(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	res, err := bench.Run(context.Background(), bench.Config{URL: url + "/", Requests: 3})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "bench: connect to 127.0.0.1:")
	assert.Equal(t, 3, res.Failed)
	assert.Equal(t, 3, res.FailConnect)
}
