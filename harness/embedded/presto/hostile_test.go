package presto_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/embedded/presto"
	"github.com/fullstack-lab/fullstack-lab/harness/internal/fdtest"
)

// hostileServer is a server with a table of 10 rows, purchases.
func hostileServer(t *testing.T, opts ...presto.Option) *presto.Server {
	t.Helper()
	srv, cat, wh := start(t, opts...)
	dir := filepath.Join(wh, "purchases")
	writeParquet(t, dir, "part-00000.parquet", purchases(10, "user1.comcast.com",
		time.Date(2018, 4, 4, 22, 36, 13, 0, time.UTC)))
	cat.Put(presto.Table{DB: "default", Name: "purchases", Location: "file://" + dir, Columns: classColumns})
	return srv
}

// servesQueries runs a real query through presto-go-client, on a new
// session (new connections), and checks its answer.
func servesQueries(t *testing.T, srv *presto.Server) {
	t.Helper()
	res := mustRun(t, session(t, srv.URL()), "select host, count(*) from purchases group by host")
	assert.Equal(t, [][]any{{"user1.comcast.com", float64(10)}}, res.Rows)
}

// exchange writes req on c while reading the answer (the server may answer
// and close before it has read all of req) and returns the answer, its body
// read whole.
func exchange(t *testing.T, c net.Conn, req io.Reader) (*http.Response, string) {
	t.Helper()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		io.Copy(c, req) // a write error is the server closing after its answer
	}()
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	require.NoError(t, err, "an answer, not a silent close")
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	if resp.Close {
		c.Close() // ends the writer of a request the server stopped reading
	}
	wg.Wait()
	return resp, string(body)
}

func dial(t *testing.T, srv *presto.Server) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", srv.Addr())
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	return c
}

const getInfo = "GET /v1/info HTTP/1.1\r\nHost: presto\r\n\r\n"

// endless is a body that never ends: 1 KiB chunks of chunked encoding.
type endless struct{ sent int }

func (e *endless) Read(p []byte) (int, error) {
	chunk := "400\r\n" + strings.Repeat("x", 1024) + "\r\n"
	if len(p) < len(chunk) {
		return 0, io.ErrShortBuffer
	}
	e.sent++
	return copy(p, chunk), nil
}

// Requests whose headers or statement pass the limits get a 4xx that says
// why; the server keeps serving, on the same connection when it could read
// the whole request.
func TestHostileOversizedRequests(t *testing.T) {
	srv := hostileServer(t)
	servesQueries(t, srv)
	statement := func(size int64, body io.Reader) io.Reader {
		return io.MultiReader(strings.NewReader(fmt.Sprintf("POST /v1/statement HTTP/1.1\r\nHost: presto\r\n"+
			"X-Presto-User: lab\r\nContent-Length: %d\r\n\r\n", size)), body)
	}
	big := strings.Repeat("x", 128<<10)
	tests := []struct {
		name      string
		req       io.Reader
		status    int
		body      string
		keepsConn bool
	}{
		{"header of 128 KiB", strings.NewReader("GET /v1/info HTTP/1.1\r\nHost: presto\r\nX-Big: " + big + "\r\n\r\n"),
			http.StatusRequestHeaderFieldsTooLarge, "431 Request Header Fields Too Large", false},
		{"4000 headers", strings.NewReader("GET /v1/info HTTP/1.1\r\nHost: presto\r\n" +
			strings.Repeat("X-Presto-Session: a=b\r\n", 4000) + "\r\n"),
			http.StatusRequestHeaderFieldsTooLarge, "431 Request Header Fields Too Large", false},
		{"URL of 128 KiB", strings.NewReader("GET /v1/query/" + big + " HTTP/1.1\r\nHost: presto\r\n\r\n"),
			http.StatusRequestHeaderFieldsTooLarge, "431 Request Header Fields Too Large", false},
		{"statement of 1 MiB and a byte", statement(1<<20+1, strings.NewReader("select 1 "+strings.Repeat(" ", 1<<20-8))),
			http.StatusRequestEntityTooLarge, "statement too large\n", true},
		{"statement declaring 1 GiB", statement(1<<30, io.LimitReader(&endless{}, 1<<30)),
			http.StatusRequestEntityTooLarge, "statement too large\n", false},
		{"chunked statement that never ends", io.MultiReader(strings.NewReader("POST /v1/statement HTTP/1.1\r\n"+
			"Host: presto\r\nX-Presto-User: lab\r\nTransfer-Encoding: chunked\r\n\r\n"), &endless{}),
			http.StatusRequestEntityTooLarge, "statement too large\n", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := dial(t, srv)
			resp, body := exchange(t, c, tc.req)
			assert.Equal(t, tc.status, resp.StatusCode)
			assert.Equal(t, tc.body, body)
			assert.Equal(t, !tc.keepsConn, resp.Close)
			if tc.keepsConn {
				resp, _ := exchange(t, c, strings.NewReader(getInfo))
				assert.Equal(t, http.StatusOK, resp.StatusCode, "the same connection serves the next request")
			}
			servesQueries(t, srv)
		})
	}
	assert.Zero(t, srv.Running())
}

// A connection that sends nothing, half a request's headers, or nothing
// after its last answer is closed after the timeout; one that keeps asking
// is served as long as it does.
func TestHostileIdleConnectionsAreClosed(t *testing.T) {
	const timeout = 300 * time.Millisecond
	srv := hostileServer(t, presto.WithHeaderTimeout(timeout), presto.WithIdleTimeout(timeout))
	type closed struct {
		name  string
		after time.Duration // since before the server's timer can have started
		err   error
	}
	done := make(chan closed, 3)
	watch := func(name string, c net.Conn, since time.Time) {
		go func() {
			c.SetReadDeadline(time.Now().Add(10 * time.Second))
			n, err := c.Read(make([]byte, 1))
			if n > 0 {
				err = fmt.Errorf("read %d bytes, not the close", n)
			}
			done <- closed{name, time.Since(since), err}
		}()
	}
	start := time.Now() // the header timer starts at accept, after this
	silent := dial(t, srv)
	watch("silent", silent, start)
	start = time.Now()
	half := dial(t, srv)
	_, err := half.Write([]byte("GET /v1/info HTTP/1.1\r\nHost: presto\r\n"))
	require.NoError(t, err)
	watch("half a request", half, start)
	kept := dial(t, srv)
	start = time.Now() // the idle timer starts once the answer is written, after this
	resp, _ := exchange(t, kept, strings.NewReader(getInfo))
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.False(t, resp.Close)
	kept.SetDeadline(time.Time{})
	watch("idle after an answer", kept, start)

	busy := dial(t, srv)
	for end := time.Now().Add(4 * timeout); time.Now().Before(end); {
		resp, _ := exchange(t, busy, strings.NewReader(getInfo))
		require.Equal(t, http.StatusOK, resp.StatusCode, "a busy connection is served")
	}
	for range 3 {
		c := <-done
		assert.ErrorIs(t, c.err, io.EOF, "%s: closed by the server, not by the test's deadline", c.name)
		assert.GreaterOrEqual(t, c.after, timeout, "%s: not before the timeout", c.name)
		assert.Less(t, c.after, 10*timeout, "%s: soon after the timeout", c.name)
		t.Logf("%s: closed after %v", c.name, c.after)
	}
	servesQueries(t, srv)
}

// Out of file descriptors (the process's limit lowered, then filled with
// idle connections to the server), accept fails; the server retries and,
// once descriptors are free, serves the client that waited and new ones.
func TestHostileFdExhaustion(t *testing.T) {
	var log harness.Buffer
	srv := hostileServer(t, presto.WithHeaderTimeout(time.Minute), presto.WithLog(&log))
	servesQueries(t, srv)

	waiting, release := fdtest.Exhaust(t, srv.Addr(), srv.AcceptRetries)
	release()
	resp, body := exchange(t, waiting, strings.NewReader(getInfo))
	assert.Equal(t, http.StatusOK, resp.StatusCode, "the client that waited is served")
	assert.Contains(t, body, `"starting":false`)
	servesQueries(t, srv)
	assert.Positive(t, srv.AcceptRetries())
	assert.Contains(t, log.String(), "presto: http: Accept error: accept tcp "+srv.Addr()+": accept4: too many open files; retrying in", "the retries go to the server's log")
}
