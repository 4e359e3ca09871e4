package kafkaconn

import (
	"context"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/twmb/franz-go/pkg/kfake"
)

// A topic made through a kafka.Conn after the process's default transport
// cached the cluster's metadata is known to Client at once.
func TestClientSeesNewTopic(t *testing.T) {
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.AllowAutoTopicCreation())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	addr := c.ListenAddrs()[0]
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	shared := &kafka.Client{Addr: kafka.TCP(addr)}
	if _, err := shared.Metadata(ctx, &kafka.MetadataRequest{Topics: []string{"new"}}); err != nil {
		t.Fatal(err)
	}

	parts, err := kafka.LookupPartitions(ctx, "tcp", addr, "new") // creates it
	if err != nil {
		t.Fatal(err)
	}
	conn, err := kafka.DialPartition(ctx, "tcp", "", parts[0])
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.WriteMessages(kafka.Message{Value: []byte("x")}); err != nil {
		t.Fatal(err)
	}

	client, done := Client([]string{addr})
	defer done()
	md, err := client.Metadata(ctx, &kafka.MetadataRequest{Topics: []string{"new"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(md.Topics) != 1 || md.Topics[0].Error != nil || len(md.Topics[0].Partitions) != len(parts) {
		t.Fatalf("metadata of the new topic: %+v, want its %d partitions", md.Topics, len(parts))
	}
}
