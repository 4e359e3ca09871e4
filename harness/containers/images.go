package containers

// Images are the pinned images of the stack, each published for linux/amd64
// and linux/arm64 (Apple Silicon) unless noted.
type Images struct {
	// ZooKeeper and Kafka: Confluent Platform 7.x, the images of the class,
	// whose Kafka (3.9 in 7.9) still runs in ZooKeeper mode.
	ZooKeeper string
	Kafka     string
	// Hadoop runs the NameNode and the DataNode.
	Hadoop string
	// Hive runs the standalone metastore (SERVICE_NAME=metastore, Derby).
	Hive string
	// Presto is PrestoDB, the engine the class used.
	Presto string
}

// DefaultImages are the images Requests uses for empty fields.
var DefaultImages = Images{
	ZooKeeper: "confluentinc/cp-zookeeper:7.9.0",
	Kafka:     "confluentinc/cp-kafka:7.9.0",
	Hadoop:    "apache/hadoop:3.4.1",
	Hive:      "apache/hive:4.0.1",
	Presto:    "prestodb/presto:0.296",
}

func (im Images) withDefaults() Images {
	def := func(v *string, d string) {
		if *v == "" {
			*v = d
		}
	}
	def(&im.ZooKeeper, DefaultImages.ZooKeeper)
	def(&im.Kafka, DefaultImages.Kafka)
	def(&im.Hadoop, DefaultImages.Hadoop)
	def(&im.Hive, DefaultImages.Hive)
	def(&im.Presto, DefaultImages.Presto)
	return im
}
