package serve_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os/exec"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/steps/serve"
	"github.com/fullstack-lab/fullstack-lab/steps/serve/servetest"
)

// The class's four ab runs give exactly 40 events, with the fields the Flask app logs.
func TestClassBenchRuns(t *testing.T) {
	s := harness.Start(t)
	topic := s.Name("events")
	api := servetest.Start(t, s.Kafka, topic)

	runs := []struct{ host, path string }{
		{"user1.comcast.com", "/"},
		{"user1.comcast.com", "/purchase_a_sword"},
		{"user2.att.com", "/"},
		{"user2.att.com", "/purchase_a_sword"},
	}
	for _, run := range runs {
		require.Equal(t, 10, get(t, api.URL()+run.path, run.host, 10, 1), "requests of %s%s answered 200", run.host, run.path)
	}

	vals := s.Values(t, topic)
	require.Len(t, vals, 40)
	count := map[string]int{}
	for _, v := range vals {
		ev := decode(t, v)
		assert.Equal(t, []string{"Accept", "Host", "User-Agent", "event_type"}, keys(ev), "fields of %s", v)
		assert.Equal(t, "*/*", ev["Accept"])
		assert.Equal(t, abUserAgent, ev["User-Agent"])
		count[ev["Host"]+" "+ev["event_type"]]++
	}
	assert.Equal(t, map[string]int{
		"user1.comcast.com default": 10, "user1.comcast.com purchase_sword": 10,
		"user2.att.com default": 10, "user2.att.com purchase_sword": 10,
	}, count)
	// The events are encoded as Python's json.dumps encodes the Flask app's dict.
	assert.Contains(t, vals, `{"event_type": "purchase_sword", "Host": "user2.att.com", "User-Agent": "ApacheBench/2.3", "Accept": "*/*"}`)
}

func keys(m map[string]string) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func TestResponses(t *testing.T) {
	s := harness.Start(t)
	topic := s.Name("events")
	api := servetest.Start(t, s.Kafka, topic)

	tests := []struct {
		method, path string
		status       int
		body         string
	}{
		{"GET", "/", 200, "This is the default response!\n"},
		{"GET", "/purchase_a_sword", 200, "Sword Purchased!\n"},
		{"GET", "/nope", 404, "404 page not found\n"},
		{"GET", "/purchase_a_sword/x", 404, "404 page not found\n"},
		{"POST", "/purchase_a_sword", 405, "Method Not Allowed\n"},
	}
	for _, tc := range tests {
		req, err := http.NewRequest(tc.method, api.URL()+tc.path, nil)
		require.NoError(t, err)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		assert.Equal(t, tc.status, resp.StatusCode, "%s %s", tc.method, tc.path)
		assert.Equal(t, tc.body, string(body), "%s %s", tc.method, tc.path)
	}
	// Only the two GETs that matched a route were logged.
	vals := s.Values(t, topic)
	require.Len(t, vals, 2)
	assert.Equal(t, "default", decode(t, vals[0])["event_type"])
	assert.Equal(t, "purchase_sword", decode(t, vals[1])["event_type"])
}

// A request the API cannot log to Kafka gets a 503, never a 200.
func TestKafkaUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	dead := ln.Addr().String()
	ln.Close() // nothing listens there now

	api, err := serve.Start(serve.Config{Addr: "127.0.0.1:0", Brokers: []string{dead}, LogTimeout: 2 * time.Second})
	require.NoError(t, err)
	t.Cleanup(func() { api.Shutdown(context.Background()) })

	resp, err := http.Get(api.URL() + "/purchase_a_sword")
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
	assert.Equal(t, serve.Unavailable, string(body))
}

// Shutdown waits for the requests in flight: every request answered 200 is in Kafka.
func TestShutdownFlushes(t *testing.T) {
	s := harness.Start(t)
	topic := s.Name("events")
	api, err := serve.Start(serve.Config{Addr: "127.0.0.1:0", Brokers: s.Kafka, Topic: topic})
	require.NoError(t, err)

	var ok sync.WaitGroup
	var mu sync.Mutex
	answered := 0
	first := make(chan struct{}, 400)
	for i := 0; i < 400; i++ {
		ok.Add(1)
		go func() {
			defer ok.Done()
			resp, err := http.Get(api.URL() + "/purchase_a_sword")
			if err != nil {
				return // refused once shutdown began: not answered, not logged
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 {
				mu.Lock()
				answered++
				mu.Unlock()
				first <- struct{}{}
			}
		}()
	}
	all := make(chan struct{})
	go func() { ok.Wait(); close(all) }()
	select {
	case <-first: // shut down while most requests are still in flight
	case <-all:
		t.Fatal("no request was answered 200")
	}
	require.NoError(t, api.Shutdown(context.Background()))
	ok.Wait()
	require.Positive(t, answered)
	assert.Len(t, s.Values(t, topic), answered)
}

// Headers are merged as Flask does; odd bytes still give valid JSON.
func TestEvent(t *testing.T) {
	tests := []struct {
		description string
		header      http.Header
		want        string
	}{
		{"ab's headers", http.Header{"User-Agent": {"ApacheBench/2.3"}, "Accept": {"*/*"}},
			`{"event_type": "purchase_sword", "Host": "h", "User-Agent": "ApacheBench/2.3", "Accept": "*/*"}`},
		{"repeated header joined", http.Header{"X-Forwarded-For": {"1.1.1.1", "2.2.2.2"}},
			`{"event_type": "purchase_sword", "Host": "h", "X-Forwarded-For": "1.1.1.1, 2.2.2.2"}`},
		{"quotes, controls and non-ASCII escaped as json.dumps does", http.Header{"X-Name": {"a\"b\\c\td\x01é"}},
			`{"event_type": "purchase_sword", "Host": "h", "X-Name": "a\"b\\c\td\u0001\u00c3\u00a9"}`},
	}
	for _, tc := range tests {
		t.Run(tc.description, func(t *testing.T) {
			r := &http.Request{Host: "h", Header: tc.header}
			got := string(serve.Event("purchase_sword", r))
			assert.Equal(t, tc.want, got)
		})
	}
}

// The real Apache Bench against the API: no failures, one event per request.
func TestRealApacheBench(t *testing.T) {
	abPath := lookPath(t, "ab", "apache2-utils")
	s := harness.Start(t)
	topic := s.Name("events")
	api := servetest.Start(t, s.Kafka, topic)

	out := run(t, abPath, "-n", "1000", "-c", "20", "-H", "Host: user1.comcast.com", api.URL()+"/purchase_a_sword")
	assert.Contains(t, out, "Complete requests:      1000\n")
	assert.Contains(t, out, "Failed requests:        0\n")
	assert.NotContains(t, out, "Non-2xx")
	vals := s.Values(t, topic)
	require.Len(t, vals, 1000)
	for _, v := range vals {
		ev := decode(t, v)
		require.Equal(t, "user1.comcast.com", ev["Host"])
		require.Equal(t, "ApacheBench/2.3", ev["User-Agent"])
	}
}

// The real kafkacat (kcat) reads the events the API logged.
func TestRealKcat(t *testing.T) {
	kcat := lookPath(t, "kcat", "kcat")
	s := harness.Start(t)
	topic := s.Name("events")
	api := servetest.Start(t, s.Kafka, topic)
	require.Equal(t, 25, get(t, api.URL()+"/purchase_a_sword", "", 25, 5))

	out := run(t, kcat, "-C", "-b", strings.Join(s.Kafka, ","), "-t", topic, "-o", "beginning", "-e", "-q")
	want := s.Values(t, topic)
	require.Len(t, want, 25)
	assert.Equal(t, strings.Join(want, "\n")+"\n", out)
}

func lookPath(t *testing.T, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if errors.Is(err, exec.ErrNotFound) {
		t.Skipf("%s is not installed (Debian package %s; .ci/run installs it)", name, pkg)
	}
	require.NoError(t, err)
	return p
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, name, args...).CombinedOutput()
	require.NoError(t, err, "%s %s:\n%s", name, strings.Join(args, " "), out)
	return string(out)
}
