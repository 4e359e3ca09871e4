package harness_test

import (
	"context"
	"testing"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness"
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
