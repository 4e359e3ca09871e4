package embedded

import "net"

// WithKafkaListen makes the broker's listener with listen instead of net.Listen.
func WithKafkaListen(listen func(network, address string) (net.Listener, error)) KafkaOption {
	return func(c *kafkaConfig) { c.listen = listen }
}

// AcceptRetries is how many accept errors the broker's listener retried.
func (k *Kafka) AcceptRetries() int64 { return k.ln.retried.Load() }
