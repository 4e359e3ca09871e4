package harness_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/stack"
	"github.com/segmentio/kafka-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMain(m *testing.M) { harness.Main(m) }

func TestStart(t *testing.T) {
	s := harness.Start(t)
	require.NotEmpty(t, s.Kafka)
	require.NotEmpty(t, s.Warehouse)

	// Kafka answers over its protocol.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := kafka.DialContext(ctx, "tcp", s.Kafka[0])
	require.NoError(t, err)
	brokers, err := conn.Brokers()
	conn.Close()
	require.NoError(t, err)
	assert.Len(t, brokers, 1)

	// Names are unique to the test.
	other := harness.Start(t)
	assert.NotEqual(t, s.Name("events"), other.Name("events"))
	assert.Regexp(t, `^events_[0-9a-f]{8}$`, s.Name("events"))
	assert.Regexp(t, `^/tmp/purchases_[0-9a-f]{8}$`, s.Path("/tmp/purchases/"))
}

func TestLookup(t *testing.T) {
	b, err := harness.Lookup("embedded")
	require.NoError(t, err)
	assert.Equal(t, stack.Embedded, b.Name())

	_, err = harness.Lookup("kubernetes")
	assert.EqualError(t, err, `unknown stack "kubernetes": choose one of embedded, local, containers, external`)
}

func TestState(t *testing.T) {
	dir := t.TempDir()
	_, err := harness.ReadState(dir)
	require.ErrorIs(t, err, harness.ErrNoStack)
	assert.EqualError(t, err, "no stack is running in "+dir+": start one with `lab up` (or `lab up -d` to run it in the background)")

	st := harness.State{Endpoints: stack.Endpoints{Backend: "embedded", Kafka: []string{"127.0.0.1:1"}}, PID: os.Getpid(), Dir: dir}
	require.NoError(t, harness.WriteState(dir, st))
	got, err := harness.ReadState(dir)
	require.NoError(t, err)
	assert.Equal(t, st.Kafka, got.Kafka)
	assert.Equal(t, os.Getpid(), got.PID)

	// A state file whose process has gone is no stack.
	st.PID = 1 << 22 // above pid_max's default
	require.NoError(t, harness.WriteState(dir, st))
	_, err = harness.ReadState(dir)
	require.ErrorIs(t, err, harness.ErrNoStack)
	assert.Contains(t, err.Error(), "has exited")

	require.NoError(t, harness.RemoveState(dir))
	assert.NoFileExists(t, filepath.Join(dir, harness.StateFile))
	require.NoError(t, harness.RemoveState(dir), "removing twice is fine")
}
