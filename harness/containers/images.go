package containers

// Images are the pinned images of the stack. Each tag is pinned, but which
// CPU architectures it is published for was not checked (no Docker engine or
// registry client where this was written): before relying on linux/arm64
// (Apple Silicon), look with `docker manifest inspect <image>`. An image
// published for linux/amd64 only runs there under emulation, if at all.
type Images struct {
	// ZooKeeper and Kafka: Confluent Platform 7.x, the images of the class,
	// whose Kafka (3.9 in 7.9) still runs in ZooKeeper mode.
	ZooKeeper string
	Kafka     string
	// Hadoop runs the NameNode and the DataNode.
	Hadoop string
	// Hive runs the metastore (SERVICE_NAME=metastore, Derby). It must be a
	// Hive 3.1 image: MetastoreEntrypoint fixes that release's Derby schema.
	Hive string
	// Presto is PrestoDB, the engine the class used.
	Presto string
}

// DefaultImages are the images Requests uses for empty fields.
//
// Hive is 3.1.3, not 4.x: the issue asked for apache/hive 4.x, but PrestoDB
// reads a table with the metastore's get_table call, which Hive 4 removed
// (only get_table_req remains), and the local backend measured PrestoDB 0.287
// failing on the Hive 4.0.1 metastore with "Invalid method name: 'get_table'".
// In the revisions of PrestoDB's presto-hive-metastore that were read
// (ThriftHiveMetastoreClient.java and ThriftHiveMetastore.java under
// com/facebook/presto/hive/metastore/thrift), getTable calls client.get_table,
// with no get_table_req fallback and no setting to choose one; the issue
// prestodb/presto#24435 (move Presto to Hive 4) is open. apache/hive:3.1.3 is the newest Hive 3 image the
// apache/hive project lists on Docker Hub (packaging/src/docker/README.md).
var DefaultImages = Images{
	ZooKeeper: "confluentinc/cp-zookeeper:7.9.0",
	Kafka:     "confluentinc/cp-kafka:7.9.0",
	Hadoop:    "apache/hadoop:3.4.1",
	Hive:      "apache/hive:3.1.3",
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
