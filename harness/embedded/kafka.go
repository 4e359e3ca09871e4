package embedded

import (
	"errors"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"syscall"

	"github.com/twmb/franz-go/pkg/kfake"
)

// Kafka is an in-process Kafka broker (franz-go's kfake) on 127.0.0.1.
type Kafka struct {
	cluster *kfake.Cluster
	dataDir string
	ln      *retryListener // the last one made: NumBrokers(1)
}

// KafkaOption configures StartKafka.
type KafkaOption func(*kafkaConfig)

type kafkaConfig struct {
	port       int
	log        io.Writer
	syncWrites bool
	// listen makes the broker's listener (net.Listen; tests inject faults).
	listen func(network, address string) (net.Listener, error)
}

// WithKafkaPort asks for this loopback port; when it is taken (or 0), the
// broker takes a free one. A restarted stack passes its last port so that
// clients resume on the same address.
func WithKafkaPort(port int) KafkaOption { return func(c *kafkaConfig) { c.port = port } }

// WithKafkaLog receives one line per recovery step at start (orphaned or torn
// log files) and per warning of the broker (a failed write to its log).
func WithKafkaLog(w io.Writer) KafkaOption { return func(c *kafkaConfig) { c.log = w } }

// WithSyncWrites fsyncs every produced batch before it is acknowledged, so an
// acknowledged record survives a power loss too (not only a killed process).
func WithSyncWrites() KafkaOption { return func(c *kafkaConfig) { c.syncWrites = true } }

// StartKafka starts one broker on a loopback port. Topics are created on
// first use with one partition, as the class's broker did. When dataDir is
// not empty, the log is kept there and reloaded by the next start; a topic is
// written to disk before its creation is acknowledged, and what a killed
// broker left is recovered first (see recoverKafkaDir).
func StartKafka(dataDir string, opts ...KafkaOption) (*Kafka, error) {
	cfg := kafkaConfig{listen: net.Listen}
	for _, o := range opts {
		o(&cfg)
	}
	logf := func(format string, args ...any) {
		if cfg.log != nil {
			fmt.Fprintf(cfg.log, format+"\n", args...)
		}
	}
	k := &Kafka{dataDir: dataDir}
	base := []kfake.Opt{
		kfake.NumBrokers(1),
		kfake.ListenFn(func(network, address string) (net.Listener, error) {
			ln, err := cfg.listen(network, address)
			if err != nil {
				return nil, err
			}
			k.ln = newRetryListener(ln, logf)
			return k.ln, nil
		}),
		kfake.AllowAutoTopicCreation(),
		kfake.DefaultNumPartitions(1),
		kfake.ClusterID(clusterID),
		kfake.WithLogger(kafkaLogger{logf}),
	}
	if dataDir != "" {
		dataDir = filepath.Clean(dataDir)
		k.dataDir = dataDir
		if err := recoverKafkaDir(dataDir, logf); err != nil {
			return nil, fmt.Errorf("start kafka: %w", err)
		}
		base = append(base, kfake.DataDir(dataDir))
		if cfg.syncWrites {
			base = append(base, kfake.SyncWrites())
		}
	}
	c, err := kfake.NewCluster(append(base, kfake.Ports(cfg.port))...)
	if err != nil && cfg.port != 0 && errors.Is(err, syscall.EADDRINUSE) {
		logf("kafka: port %d is taken, listening on another one", cfg.port)
		c, err = kfake.NewCluster(append(base, kfake.Ports(0))...)
	}
	if err != nil {
		return nil, fmt.Errorf("start kafka: %w", err)
	}
	k.cluster = c
	// Control hooks, one per concern; each amends or observes a request and
	// leaves the answer to kfake.
	k.createTopicsDurably()
	serveJavaClients(c)
	return k, nil
}

// clusterID is the cluster id the broker reports (and writes in its meta.json).
const clusterID = "fullstack-lab"

// Addr is the broker's host:port.
func (k *Kafka) Addr() string { return k.cluster.ListenAddrs()[0] }

// Port is the broker's port.
func (k *Kafka) Port() int {
	_, p, _ := net.SplitHostPort(k.Addr())
	var n int
	fmt.Sscan(p, &n)
	return n
}

// Cluster gives the fake for fault injection in tests (see kfake.Cluster.ControlKey).
func (k *Kafka) Cluster() *kfake.Cluster { return k.cluster }

// Close stops the broker and flushes its log.
func (k *Kafka) Close() { k.cluster.Close() }

// kafkaLogger passes the broker's warnings and errors on (a write to its log
// that failed, a torn batch it cut off at load); its chatter stays out.
type kafkaLogger struct{ logf func(string, ...any) }

func (l kafkaLogger) Logf(level kfake.LogLevel, format string, args ...any) {
	if level == kfake.LogLevelError || level == kfake.LogLevelWarn {
		l.logf("kafka: "+format, args...)
	}
}
