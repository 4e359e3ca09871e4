package kafkaconn

import (
	"time"

	"github.com/segmentio/kafka-go"
)

// Client returns a kafka.Client for brokers with a transport of its own, and
// the function that closes the transport's connections.
//
// A kafka.Client without a transport shares kafka.DefaultTransport with every
// other in the process, and that transport answers metadata requests from a
// cache it refreshes every 6 s: a topic created since by another client of
// the process (the game API's produce requests go through kafka.Conn) is
// unknown to it until then. A new transport asks the brokers first.
func Client(brokers []string) (*kafka.Client, func()) {
	t := &kafka.Transport{}
	return &kafka.Client{Addr: kafka.TCP(brokers...), Timeout: 10 * time.Second, Transport: t}, t.CloseIdleConnections
}
