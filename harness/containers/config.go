package containers

import (
	"fmt"
	"net/netip"
	"regexp"
)

// Ports the services listen on inside their containers (Kafka's and the
// DataNode's transfer port are Config's: they are the same inside and out).
const (
	ZooKeeperPort    = 2181
	NameNodePort     = 8020
	NameNodeHTTPPort = 9870
	DataNodeHTTPPort = 9864
	DataNodeIPCPort  = 9867
	MetastorePort    = 9083
	PrestoPort       = 8080
)

// Network aliases: how the containers reach each other.
const (
	AliasZooKeeper = "zookeeper"
	AliasKafka     = "kafka"
	AliasNameNode  = "namenode"
	AliasMetastore = "metastore"
	AliasPresto    = "presto"
)

// Config is what the stack's container requests are built from.
type Config struct {
	// Name is unique to the stack: it prefixes every container's name
	// (lab-1a2b3c4d → lab-1a2b3c4d-kafka) and labels them.
	Name string
	// Network is the Docker network the containers share.
	Network string
	// Host is the address at which this machine reaches published ports
	// (127.0.0.1 for a local engine). Kafka advertises it.
	Host string
	// KafkaPort is the broker's port, inside the container and published on
	// the host at the same number, so the address Kafka advertises works from both.
	KafkaPort int
	// DataNodePort is the DataNode's transfer port, pinned the same way:
	// HDFS clients dial it for blocks at the address the NameNode hands out.
	DataNodePort int
	// Images overrides DefaultImages, field by field.
	Images Images
	// PrestoHeap is Presto's -Xmx (default 1G).
	PrestoHeap string
	// Labels are put on every container besides LabelStack and LabelService
	// (the backend adds LabelOwner, for Sweep).
	Labels map[string]string
	// BindIP is the host address every published port is bound to
	// (default 127.0.0.1: nothing of the stack is reachable from other machines).
	BindIP string
}

var validName = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9_.-]*$`)

func (c Config) validate() error {
	switch {
	case !validName.MatchString(c.Name):
		return fmt.Errorf("%w: name %q must be a container name", ErrConfig, c.Name)
	case c.Network == "":
		return fmt.Errorf("%w: no network", ErrConfig)
	case c.Host == "":
		return fmt.Errorf("%w: no host", ErrConfig)
	case c.KafkaPort <= 0 || c.KafkaPort > 65535:
		return fmt.Errorf("%w: kafka port %d", ErrConfig, c.KafkaPort)
	case c.DataNodePort <= 0 || c.DataNodePort > 65535:
		return fmt.Errorf("%w: datanode port %d", ErrConfig, c.DataNodePort)
	case c.BindIP != "" && !validIP(c.BindIP):
		return fmt.Errorf("%w: bind address %q is not an IP address", ErrConfig, c.BindIP)
	case c.KafkaPort == c.DataNodePort:
		return fmt.Errorf("%w: kafka and datanode both on port %d", ErrConfig, c.KafkaPort)
	}
	return nil
}

// container is the name of the stack's container for service.
func (c Config) container(service string) string { return c.Name + "-" + service }

func validIP(s string) bool {
	_, err := netip.ParseAddr(s)
	return err == nil
}
