package harness_test

import (
	"context"
	"testing"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/classdata"
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

// The clients a test gets are ready and see each other's work: a table
// registered in the metastore over files in the warehouse is read by Presto.
func TestClients(t *testing.T) {
	s := harness.Start(t)
	topic := s.Name("events")
	w := s.KafkaWriter(t, topic)
	require.NoError(t, w.WriteMessages(context.Background(), classdata.Events()...))
	r := s.KafkaReader(t, topic)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	m, err := r.ReadMessage(ctx)
	require.NoError(t, err)
	assert.Equal(t, classdata.Event("default", "user1.comcast.com"), string(m.Value))
	assert.Len(t, s.Values(t, topic), 40)
	assert.Equal(t, map[int]int64{0: 40}, s.EndOffsets(t, topic))

	fsys := s.WarehouseFS(t)
	dir := s.Path("/tmp/purchases")
	require.NoError(t, classdata.WritePurchases(fsys, dir, classdata.Purchases()))
	table := s.Name("purchases")
	require.NoError(t, s.MetastoreClient(t).CreateTable(classdata.PurchasesTable("default", table, fsys.URI(dir))))
	assert.Equal(t, [][]string{{"user1.comcast.com", "10"}, {"user2.att.com", "10"}},
		s.Query(t, "select host, count(*) from "+table+" group by host order by host"))
	assert.Equal(t, [][]string{{"NULL"}}, s.Query(t, "select cast(null as varchar)"))
}
