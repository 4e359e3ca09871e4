package embedded

import (
	"fmt"
	"path/filepath"

	"github.com/twmb/franz-go/pkg/kfake"
)

// Kafka is an in-process Kafka broker (franz-go's kfake) on 127.0.0.1.
type Kafka struct {
	cluster *kfake.Cluster
}

// StartKafka starts one broker on a free loopback port. Topics are created on
// first use with one partition, as the class's broker did. When dataDir is not
// empty, the log is kept there and reloaded by the next start.
func StartKafka(dataDir string) (*Kafka, error) {
	opts := []kfake.Opt{
		kfake.NumBrokers(1),
		kfake.Ports(0),
		kfake.AllowAutoTopicCreation(),
		kfake.DefaultNumPartitions(1),
		kfake.ClusterID("fullstack-lab"),
	}
	if dataDir != "" {
		opts = append(opts, kfake.DataDir(filepath.Clean(dataDir)))
	}
	c, err := kfake.NewCluster(opts...)
	if err != nil {
		return nil, fmt.Errorf("start kafka: %w", err)
	}
	return &Kafka{cluster: c}, nil
}

// Addr is the broker's host:port.
func (k *Kafka) Addr() string { return k.cluster.ListenAddrs()[0] }

// Cluster gives the fake for fault injection in tests (see kfake.Cluster.ControlKey).
func (k *Kafka) Cluster() *kfake.Cluster { return k.cluster }

// Close stops the broker and flushes its log.
func (k *Kafka) Close() { k.cluster.Close() }
