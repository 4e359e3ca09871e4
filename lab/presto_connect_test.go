package main

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lab presto answers at once when its server is not there, saying where the
// stack's Presto is; the class's presto:8080 means the stack's Presto.
func TestPrestoReach(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/info" {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte(`{"nodeVersion":{"version":"0.287"},"coordinator":true}`))
	}))
	defer srv.Close()
	ln := srv.Listener
	stack := srv.URL
	// A port that was free a moment ago: nothing listens there.
	dead, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	deadAddr := dead.Addr().String()
	dead.Close()
	ctx := context.Background()
	var notes strings.Builder
	withStack := func() (string, error) { return stack, nil }

	got, err := prestoReach{Server: ln.Addr().String(), StackPresto: withStack}.run(ctx, &notes)
	require.NoError(t, err)
	assert.Equal(t, ln.Addr().String(), got, "a server that answers is used as given")

	start := time.Now()
	_, err = prestoReach{Server: deadAddr, StackPresto: withStack}.run(ctx, &notes)
	require.Error(t, err)
	assert.Less(t, time.Since(start), prestoDialTimeout+time.Second, "answers at once")
	assert.Equal(t, "cannot reach "+deadAddr+" (connect: connection refused) — the stack's Presto is at "+stack+
		": lab presto --server "+ln.Addr().String()+", or leave --server out", err.Error())

	_, err = prestoReach{Server: "http://" + deadAddr, StackPresto: func() (string, error) { return "", errors.New("no stack is running in .lab") }}.run(ctx, &notes)
	assert.EqualError(t, err, "cannot reach "+deadAddr+" (connect: connection refused), and no stack is running in .lab")

	// The class's line: presto:8080 does not resolve here, so the stack's Presto answers.
	notes.Reset()
	got, err = prestoReach{Server: "presto:8080", StackPresto: withStack}.run(ctx, &notes)
	if err != nil && !strings.Contains(err.Error(), "no such host") {
		t.Skipf("the resolver here does not say 'no such host' for presto: %v", err)
	}
	require.NoError(t, err)
	assert.Equal(t, stack, got)
	assert.Equal(t, "(presto:8080 is the class's compose cluster, not found here: using the stack's Presto at "+stack+")\n", notes.String())

	// A server that accepts the connection and never answers is cut at the timeout.
	hang, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer hang.Close()
	go func() {
		for {
			c, err := hang.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	start = time.Now()
	_, err = prestoReach{Server: hang.Addr().String(), StackPresto: withStack, Timeout: 300 * time.Millisecond}.run(ctx, &notes)
	require.Error(t, err)
	assert.Less(t, time.Since(start), 2*time.Second)
	assert.Equal(t, "cannot reach "+hang.Addr().String()+" (no answer within 300ms) — the stack's Presto is at "+stack+
		": lab presto --server "+ln.Addr().String()+", or leave --server out", err.Error())

	// Something else on the port: not Presto.
	other := httptest.NewServer(http.NotFoundHandler())
	defer other.Close()
	_, err = prestoReach{Server: other.URL, StackPresto: withStack}.run(ctx, &notes)
	assert.ErrorContains(t, err, "(answers HTTP 404, not as Presto's /v1/info)")
}
