package serve

import (
	"context"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twmb/franz-go/pkg/kfake"
)

// broker starts an in-memory Kafka on port (0: a free one) that creates topics on first use.
func broker(t *testing.T, port int) (*kfake.Cluster, string) {
	t.Helper()
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.Ports(port), kfake.AllowAutoTopicCreation(), kfake.DefaultNumPartitions(2))
	require.NoError(t, err)
	t.Cleanup(c.Close)
	return c, c.ListenAddrs()[0]
}

// values reads every record of the topic's partitions.
func values(t *testing.T, addr, topic string) []string {
	t.Helper()
	parts, err := kafka.LookupPartitions(context.Background(), "tcp", addr, topic)
	require.NoError(t, err)
	var got []string
	for _, p := range parts {
		conn, err := kafka.DialLeader(context.Background(), "tcp", addr, topic, p.ID)
		require.NoError(t, err)
		last, err := conn.ReadLastOffset()
		require.NoError(t, err)
		if last > 0 { // a fetch from an empty partition waits for records
			conn.SetReadDeadline(time.Now().Add(10 * time.Second))
			b := conn.ReadBatch(1, 1<<20)
			for n := int64(0); n < last; n++ {
				m, err := b.ReadMessage()
				require.NoError(t, err)
				got = append(got, string(m.Value))
			}
			require.NoError(t, b.Close())
		}
		conn.Close()
	}
	return got
}

// The producer's connections outlive a broker: when it goes, an event waits
// for it until its deadline, then fails with why; when a broker is back on the
// same address, the next event is acknowledged through new connections.
func TestProducerBrokerRestart(t *testing.T) {
	first, addr := broker(t, 0)
	_, portText, err := net.SplitHostPort(addr)
	require.NoError(t, err)
	port, err := strconv.Atoi(portText)
	require.NoError(t, err)
	p := newProducer([]string{addr}, "events", 0)
	t.Cleanup(func() { p.Close() })
	ctx := context.Background()

	// Both partitions get a batch, so both have a connection to lose.
	require.NoError(t, p.Log(ctx, time.Now().Add(10*time.Second), []byte("before 1")))
	require.NoError(t, p.Log(ctx, time.Now().Add(10*time.Second), []byte("before 2")))
	assert.ElementsMatch(t, []string{"before 1", "before 2"}, values(t, addr, "events"))

	first.Close()
	err = p.Log(ctx, time.Now().Add(300*time.Millisecond), []byte("while down"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no acknowledgement within 300ms: ")
	assert.Contains(t, err.Error(), "connection refused")

	broker(t, port) // in memory: a new, empty log
	require.NoError(t, p.Log(ctx, time.Now().Add(10*time.Second), []byte("after 1")))
	require.NoError(t, p.Log(ctx, time.Now().Add(10*time.Second), []byte("after 2")))
	assert.ElementsMatch(t, []string{"after 1", "after 2"}, values(t, addr, "events"))
}

// A request whose deadline passed before its batch was sent is answered
// without a produce request; one whose client went away, with ctx's error;
// one after Close, with errClosed.
func TestProducerLateAndGone(t *testing.T) {
	_, addr := broker(t, 0)
	p := newProducer([]string{addr}, "events", 0)
	t.Cleanup(func() { p.Close() })
	err := p.Log(context.Background(), time.Now().Add(-time.Second), []byte("late"))
	assert.ErrorIs(t, err, errLate)
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, p.Log(gone, time.Now().Add(10*time.Second), []byte("gone")), context.Canceled)
	require.NoError(t, p.Log(context.Background(), time.Now().Add(10*time.Second), []byte("on time")))
	assert.Equal(t, []string{"on time"}, values(t, addr, "events"))
	require.NoError(t, p.Close())
	assert.ErrorIs(t, p.Log(context.Background(), time.Now().Add(10*time.Second), []byte("closed")), errClosed)
}
