package kafkaconn

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/twmb/franz-go/pkg/kfake"
)

// broker starts an in-memory Kafka with topic t, one partition, holding n
// uncompressed records of about 100 bytes each.
func broker(t *testing.T, n int) (addr string, values []string) {
	t.Helper()
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(1, "t"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	addr = c.ListenAddrs()[0]
	w := &kafka.Writer{Addr: kafka.TCP(addr), Topic: "t", BatchSize: 1000, BatchBytes: 1 << 20, BatchTimeout: time.Millisecond, RequiredAcks: kafka.RequireAll}
	defer w.Close()
	msgs := make([]kafka.Message, n)
	for i := range msgs {
		v := fmt.Sprintf(`{"event_type": "purchase_sword", "n": %d, "pad": "%s"}`, i, strings.Repeat("x", 50))
		values = append(values, v)
		msgs[i] = kafka.Message{Value: []byte(v)}
	}
	if err := w.WriteMessages(context.Background(), msgs...); err != nil {
		t.Fatal(err)
	}
	return addr, values
}

// readAll reads the partition from offset 0 to its end with fetches of at most maxBytes.
func readAll(t *testing.T, conn *kafka.Conn, maxBytes int) []string {
	t.Helper()
	last, err := conn.ReadLastOffset()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for next := int64(0); next < last; {
		if _, err := conn.Seek(next, kafka.SeekAbsolute); err != nil {
			t.Fatal(err)
		}
		conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		b := conn.ReadBatchWith(kafka.ReadBatchConfig{MinBytes: 1, MaxBytes: maxBytes})
		for {
			m, err := b.ReadMessage()
			if err != nil {
				break
			}
			got = append(got, string(m.Value))
			next = m.Offset + 1
		}
		if err := b.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return got
}

func TestReadsWhatKafkaGoReads(t *testing.T) {
	addr, want := broker(t, 20000)
	ctx := context.Background()
	// Fetches larger and smaller than the buffer, one after another on one connection.
	for _, maxBytes := range []int{8 << 20, 64 << 10} {
		conn, err := DialLeader(ctx, addr, "t", 0)
		if err != nil {
			t.Fatal(err)
		}
		got := readAll(t, conn, maxBytes)
		conn.Close()
		if len(got) != len(want) {
			t.Fatalf("fetches of %d bytes: %d records, want %d", maxBytes, len(got), len(want))
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("fetches of %d bytes: record %d is %q, want %q", maxBytes, i, got[i], want[i])
			}
		}
	}
}

func TestReadDeadlineStillTimesOut(t *testing.T) {
	// A peer that accepts and never writes: a read through the buffer
	// returns at the deadline with the deadline's error, as the bare
	// connection's does (kafka-go's fetch timeouts rely on it).
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	c, err := dial(context.Background(), "tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
	_, err = c.Read(make([]byte, 10))
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("read past the deadline: %v, want a deadline error", err)
	}
}
