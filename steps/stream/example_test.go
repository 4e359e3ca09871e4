package stream_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/fullstack-lab/fullstack-lab/harness/embedded"
	"github.com/fullstack-lab/fullstack-lab/harness/stack"
	"github.com/fullstack-lab/fullstack-lab/steps/stream"
)

// A batch on the console, as filter_swords_stream.py prints it: the two
// purchases of three events, and the malformed record counted.
func ExampleQuery_Trigger() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "stream-example")
	defer os.RemoveAll(dir)
	st, err := embedded.Start(ctx, stack.Options{Dir: dir})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer st.Close()
	ep := st.Endpoints()

	t0 := time.Date(2018, 4, 4, 22, 36, 13, 124e6, time.UTC)
	w := &kafka.Writer{Addr: kafka.TCP(ep.Kafka...), Topic: "events", AllowAutoTopicCreation: true, RequiredAcks: kafka.RequireAll}
	var msgs []kafka.Message
	for i, v := range []string{
		`{"event_type": "purchase_sword", "Host": "user1.comcast.com", "Accept": "*/*", "User-Agent": "ApacheBench/2.3"}`,
		`{"event_type": "default", "Host": "user1.comcast.com", "Accept": "*/*", "User-Agent": "ApacheBench/2.3"}`,
		`{"event_type": "purchase_sword", "Host": "user2.att.com"}`,
		`{"event_type": "purchase_sword", `,
	} {
		msgs = append(msgs, kafka.Message{Value: []byte(v), Time: t0.Add(time.Duration(i) * 100 * time.Millisecond)})
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) { // a new topic needs a leader
		if err = w.WriteMessages(ctx, msgs...); err == nil || time.Now().After(deadline) {
			break
		}
	}
	w.Close()
	if err != nil {
		fmt.Println(err)
		return
	}

	fsys, _ := ep.OpenWarehouse()
	defer fsys.Close()
	q, err := stream.New(ctx, stream.Config{Brokers: ep.Kafka, FS: fsys, StartingOffsets: stream.Earliest, Out: os.Stdout})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer q.Close()
	if _, _, err := q.Trigger(ctx); err != nil {
		fmt.Println(err)
	}
	// Output:
	// -------------------------------------------
	// Batch: 0
	// -------------------------------------------
	// +--------------------+--------------------+------+-----------------+---------------+--------------+
	// |           raw_event|           timestamp|Accept|             Host|     User-Agent|    event_type|
	// +--------------------+--------------------+------+-----------------+---------------+--------------+
	// |{"event_type": "p...|2018-04-04 22:36:...|   */*|user1.comcast.com|ApacheBench/2.3|purchase_sword|
	// |{"event_type": "p...|2018-04-04 22:36:...|  null|    user2.att.com|           null|purchase_sword|
	// +--------------------+--------------------+------+-----------------+---------------+--------------+
	//
	// Skipped 1 malformed record (invalid JSON: 1)
}

// The file of a batch is named for the query and the batch: a batch run
// again after a crash writes the same name, and finds its first file there.
func ExampleFileName() {
	fmt.Println(stream.FileName("1be346b3-b553-4d57-84b5-3b82f2ff4e9f", 0))
	fmt.Println(stream.FileName("1be346b3-b553-4d57-84b5-3b82f2ff4e9f", 0))
	fmt.Println(stream.FileName("1be346b3-b553-4d57-84b5-3b82f2ff4e9f", 1))
	// Output:
	// part-00000-17feb136-7a88-5167-80c1-b5638d7f3f1b-c000.snappy.parquet
	// part-00000-17feb136-7a88-5167-80c1-b5638d7f3f1b-c000.snappy.parquet
	// part-00000-08b578bc-60ca-585a-95b7-0cfe16358c24-c000.snappy.parquet
}
