package serve_test

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/steps/serve"
	"github.com/fullstack-lab/fullstack-lab/steps/tail"
	"github.com/stretchr/testify/require"
)

func TestMain(m *testing.M) { harness.Main(m) }

// startAPI starts the game API on a free port against the stack's Kafka, logging to topic.
func startAPI(t *testing.T, s *harness.Stack, topic string) *serve.Server {
	t.Helper()
	api, err := serve.Start(serve.Config{Addr: "127.0.0.1:0", Brokers: s.Kafka, Topic: topic})
	require.NoError(t, err)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		api.Shutdown(ctx)
	})
	return api
}

// readAll returns every message value of topic, read with the tail step (-o beginning -e).
func readAll(t *testing.T, s *harness.Stack, topic string) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out bytes.Buffer
	_, err := tail.Run(ctx, tail.Config{Brokers: s.Kafka, Topic: topic, Offset: "beginning", Exit: true}, &out)
	require.NoError(t, err)
	lines := bytes.Split(bytes.TrimSuffix(out.Bytes(), []byte("\n")), []byte("\n"))
	if out.Len() == 0 {
		return nil
	}
	vals := make([]string, len(lines))
	for i, l := range lines {
		vals[i] = string(l)
	}
	return vals
}

func decode(t *testing.T, v string) map[string]string {
	t.Helper()
	var ev map[string]string
	require.NoError(t, json.Unmarshal([]byte(v), &ev), "event %q", v)
	return ev
}
