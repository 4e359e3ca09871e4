package embedded

import (
	"fmt"
	"path/filepath"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"
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
	c.ControlKey(int16(kmsg.Metadata), autoCreateBeforeV4)
	serveJavaClients(c)
	return &Kafka{cluster: c}, nil
}

// autoCreateBeforeV4 makes a Metadata request older than v4 create the
// topics it names, as Kafka does: the request's allow_auto_topic_creation
// field came in v4, and before it creation was implied. kfake reads the
// missing field as false, so the class's own game API (kafka-python 2.0.2,
// which asks with v1) got UNKNOWN_TOPIC_OR_PARTITION for a new topic until
// its send timed out. The request is only amended; kfake answers it.
func autoCreateBeforeV4(req kmsg.Request) (kmsg.Response, error, bool) {
	if m, ok := req.(*kmsg.MetadataRequest); ok && m.Version < 4 {
		m.AllowAutoTopicCreation = true
	}
	return nil, nil, false
}

// Addr is the broker's host:port.
func (k *Kafka) Addr() string { return k.cluster.ListenAddrs()[0] }

// Cluster gives the fake for fault injection in tests (see kfake.Cluster.ControlKey).
func (k *Kafka) Cluster() *kfake.Cluster { return k.cluster }

// Close stops the broker and flushes its log.
func (k *Kafka) Close() { k.cluster.Close() }
