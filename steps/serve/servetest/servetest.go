// Package servetest starts the game API of the serve step for a test, as
// net/http/httptest starts a server: on a free port, shut down when the test ends.
package servetest

import (
	"context"
	"testing"
	"time"

	"github.com/fullstack-lab/fullstack-lab/steps/serve"
)

// Start starts the game API on 127.0.0.1 on a free port, logging its events
// to topic on brokers, and shuts it down when the test ends.
func Start(t testing.TB, brokers []string, topic string) *serve.Server {
	t.Helper()
	api, err := serve.Start(serve.Config{Addr: "127.0.0.1:0", Brokers: brokers, Topic: topic})
	if err != nil {
		t.Fatalf("start the game API: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		api.Shutdown(ctx)
	})
	return api
}
