package presto_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/hms"
	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
	"github.com/fullstack-lab/fullstack-lab/steps/extract"
	"github.com/fullstack-lab/fullstack-lab/steps/presto"
)

func TestMain(m *testing.M) { harness.Main(m) }

// t0 is the first record's time; record i is t0 + 3ms*i.
var t0 = time.Date(2018, 4, 4, 22, 36, 13, 124_000_000, time.UTC)

// classEvents are the class's four `ab -n 10` runs: 20 sword purchases of 40 events.
func classEvents() []string {
	var vals []string
	for _, run := range []struct{ eventType, host string }{
		{"default", "user1.comcast.com"}, {"purchase_sword", "user1.comcast.com"},
		{"default", "user2.att.com"}, {"purchase_sword", "user2.att.com"},
	} {
		for range 10 {
			vals = append(vals, fmt.Sprintf(`{"event_type": %q, "Host": %q, "User-Agent": "ApacheBench/2.3", "Accept": "*/*"}`, run.eventType, run.host))
		}
	}
	return vals
}

// purchasesTable runs the class up to Presto: the events into Kafka, the
// extract job into the warehouse, the table into the metastore. It returns the table's name.
func purchasesTable(t *testing.T, s *harness.Stack) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	topic := s.Name("events")
	produce(t, s, topic, classEvents())

	fsys, err := warehouse.Open(s.Warehouse)
	require.NoError(t, err)
	t.Cleanup(func() { fsys.Close() })
	res, err := extract.Run(ctx, extract.Config{Brokers: s.Kafka, Topic: topic, FS: fsys, Path: s.Path("/tmp/purchases")})
	require.NoError(t, err)
	require.Len(t, res.Outputs, 1)
	require.EqualValues(t, 20, res.Rows())

	c, err := hms.Dial(s.Metastore)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	table := s.Name("purchases")
	require.NoError(t, extract.Register(c, "default", table, res.Outputs[0]))
	t.Cleanup(func() { c.DropTable("default", table) })
	return table
}

func produce(t *testing.T, s *harness.Stack, topic string, values []string) {
	t.Helper()
	msgs := make([]kafka.Message, len(values))
	for i, v := range values {
		msgs[i] = kafka.Message{Value: []byte(v), Time: t0.Add(time.Duration(i) * 3 * time.Millisecond)}
	}
	s.ProduceMessages(t, topic, msgs...)
}

// connect is the class's `presto --server presto:8080 --catalog hive --schema default`.
func connect(t testing.TB, s *harness.Stack) *presto.Client {
	t.Helper()
	require.NotEmpty(t, s.Presto, "the stack has no Presto")
	c, err := presto.Connect(presto.Config{Server: s.Presto, Catalog: "hive", Schema: "default", User: "lab"})
	require.NoError(t, err)
	return c
}

func query(t *testing.T, c *presto.Client, sql string) presto.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res, err := c.Query(ctx, sql)
	require.NoError(t, err, sql)
	return res
}
