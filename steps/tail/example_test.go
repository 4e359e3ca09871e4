package tail_test

import (
	"context"
	"fmt"
	"os"

	"github.com/fullstack-lab/fullstack-lab/harness/embedded"
	"github.com/fullstack-lab/fullstack-lab/steps/tail"
	"github.com/segmentio/kafka-go"
)

// kafkacat -C -b BROKER -t events -o beginning -e
func ExampleRun() {
	k, _ := embedded.StartKafka("")
	defer k.Close()
	// Acknowledged writes (acks=all): kafka-go's default, acks=0, returns
	// before the broker has the records, and -e would stop short of them.
	w := &kafka.Writer{Addr: kafka.TCP(k.Addr()), Topic: "events", AllowAutoTopicCreation: true, RequiredAcks: kafka.RequireAll}
	if err := w.WriteMessages(context.Background(),
		kafka.Message{Value: []byte(`{"event_type": "default"}`)},
		kafka.Message{Value: []byte(`{"event_type": "purchase_sword"}`)}); err != nil {
		fmt.Println(err)
	}
	w.Close()

	st, err := tail.Run(context.Background(), tail.Config{Brokers: []string{k.Addr()}, Topic: "events", Offset: "beginning", Exit: true}, os.Stdout)
	fmt.Println(st.Messages, err)
	// Output:
	// {"event_type": "default"}
	// {"event_type": "purchase_sword"}
	// 2 <nil>
}
