// Package kafkaconn makes kafka-go connections and clients for the steps: partition leaders read through a large buffer, clients that ask the brokers rather than a process-wide cache.
package kafkaconn

import (
	"bufio"
	"context"
	"net"
	"time"

	"github.com/segmentio/kafka-go"
)

// ReadBuffer is the size of the buffer a connection reads the socket through.
//
// kafka-go's Conn reads through a 4 KiB bufio.Reader, so a fetch of
// uncompressed records costs a read system call every 4 KiB (about 40
// records): profiled, the reads were a third of the decoding's CPU. Under it,
// this buffer takes whatever the socket holds, up to 1 MiB, in one call.
const ReadBuffer = 1 << 20

// dialTimeout is kafka.DefaultDialer's.
const dialTimeout = 10 * time.Second

var dialer = &kafka.Dialer{Timeout: dialTimeout, DialFunc: dial}

// DialLeader opens a connection to the leader of a topic's partition at addr,
// as kafka.DialLeader does, reading the socket through a ReadBuffer.
func DialLeader(ctx context.Context, addr, topic string, partition int) (*kafka.Conn, error) {
	return dialer.DialLeader(ctx, "tcp", addr, topic, partition)
}

func dial(ctx context.Context, network, address string) (net.Conn, error) {
	d := net.Dialer{Timeout: dialTimeout}
	c, err := d.DialContext(ctx, network, address)
	if err != nil {
		return nil, err
	}
	return &bufferedConn{Conn: c, r: bufio.NewReaderSize(c, ReadBuffer)}, nil
}

// bufferedConn reads through r; deadlines, writes and Close go to the
// connection itself (a read that times out returns the timeout as before).
type bufferedConn struct {
	net.Conn
	r *bufio.Reader
}

func (c *bufferedConn) Read(p []byte) (int, error) { return c.r.Read(p) }
