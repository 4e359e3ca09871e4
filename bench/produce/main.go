// Command produce writes game events to a Kafka topic fast, for the
// benchmarks: the events the game API logs (the event merged with ab's
// request headers), half of them purchases by default.
//
//	go run ./bench/produce -brokers 127.0.0.1:9092 -topic events -n 10000000 -partitions 2
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/segmentio/kafka-go"
	"golang.org/x/sync/errgroup"
)

func main() {
	brokers := flag.String("brokers", "127.0.0.1:9092", "Kafka brokers")
	topic := flag.String("topic", "events", "topic (created with -partitions when it does not exist)")
	n := flag.Int("n", 1_000_000, "events to write")
	partitions := flag.Int("partitions", 1, "partitions of a new topic")
	purchases := flag.Int("purchases", 50, "percent of the events that are purchases")
	compression := flag.String("compression", "lz4", "record batch compression: none (as lab serve writes), gzip, snappy, lz4 or zstd")
	flag.Parse()
	codec, err := parseCompression(*compression)
	if err != nil {
		fmt.Fprintln(os.Stderr, "produce:", err)
		os.Exit(2)
	}
	start := time.Now()
	if err := run(*brokers, *topic, *n, *partitions, *purchases, codec); err != nil {
		fmt.Fprintln(os.Stderr, "produce:", err)
		os.Exit(1)
	}
	secs := time.Since(start).Seconds()
	fmt.Printf("produced %d events to %s in %.1f s (%.0f events/s)\n", *n, *topic, secs, float64(*n)/secs)
}

// parseCompression reads a codec name; none is 0, kafka-go's uncompressed.
func parseCompression(name string) (kafka.Compression, error) {
	if name == "none" {
		return 0, nil
	}
	for _, c := range []kafka.Compression{kafka.Gzip, kafka.Snappy, kafka.Lz4, kafka.Zstd} {
		if c.String() == name {
			return c, nil
		}
	}
	return 0, fmt.Errorf("unknown compression %q: choose none, gzip, snappy, lz4 or zstd", name)
}

func run(brokers, topic string, n, partitions, purchases int, codec kafka.Compression) error {
	ctx := context.Background()
	client := &kafka.Client{Addr: kafka.TCP(brokers), Timeout: 30 * time.Second}
	res, err := client.CreateTopics(ctx, &kafka.CreateTopicsRequest{Topics: []kafka.TopicConfig{{
		Topic: topic, NumPartitions: partitions, ReplicationFactor: 1,
		ConfigEntries: []kafka.ConfigEntry{{ConfigName: "retention.ms", ConfigValue: "-1"}},
	}}})
	if err == nil {
		err = res.Errors[topic]
	}
	if err != nil && !errors.Is(err, kafka.TopicAlreadyExists) {
		return fmt.Errorf("create topic %s: %w", topic, err)
	}
	w := &kafka.Writer{
		Addr: kafka.TCP(brokers), Topic: topic, RequiredAcks: kafka.RequireAll,
		Balancer: &kafka.RoundRobin{}, BatchSize: 50_000, BatchBytes: 1_000_000, // under the broker's message.max.bytes uncompressed
		BatchTimeout: 5 * time.Millisecond,
		Compression:  codec,
	}
	defer w.Close()
	const chunk = 100_000
	t0 := time.Now()
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(4)
	for from := 0; from < n; from += chunk {
		g.Go(func() error {
			msgs := make([]kafka.Message, 0, chunk)
			for i := from; i < min(from+chunk, n); i++ {
				et := "default"
				if i%100 < purchases {
					et = "purchase_sword"
				}
				host := "user" + strconv.Itoa(i%1000) + ".comcast.com"
				v := `{"event_type": "` + et + `", "Host": "` + host + `", "User-Agent": "ApacheBench/2.3", "Accept": "*/*"}`
				msgs = append(msgs, kafka.Message{Value: []byte(v), Time: t0.Add(time.Duration(i) * time.Microsecond)})
			}
			for {
				err := w.WriteMessages(gctx, msgs...)
				if err == nil || !errors.Is(err, kafka.LeaderNotAvailable) {
					return err
				}
				time.Sleep(100 * time.Millisecond) // a new topic's leader election: a producer's retry backoff
			}
		})
	}
	return g.Wait()
}
