package local

import (
	"context"
	"fmt"
	"io"
)

// Artifacts are the services' files in the cache (CacheDir), as Fetch
// leaves them: what the containers backend builds its images from, so that
// both backends run the same jars.
type Artifacts struct {
	// KafkaVersion's jars: Kafka and ZooKeeper (3.8.4) with slf4j-reload4j, no Logback.
	KafkaVersion string
	Kafka        []string
	// HadoopVersion's jars (HDFS daemons and client), and hadoop-client-minicluster
	// (the NameNode's web apps, last on a classpath).
	HadoopVersion string
	Hadoop        []string
	Minicluster   string
	// HiveVersion's standalone metastore, unpacked (lib/, scripts/), its Derby schema fixed.
	HiveVersion string
	Metastore   string
	// PrestoVersion's server, unpacked (bin/, lib/, plugin/hive-hadoop2, plugin/tpch).
	PrestoVersion string
	Presto        string
}

// Fetch makes sure the default services (Kafka 3.9.1 with ZooKeeper, Hadoop
// 3.4.1, Hive 3.1.3, PrestoDB 0.287) are in the cache, fetching them with
// Maven the first time (about 2.3 GB), and says where they are. It needs
// Java 17+ and Maven, as Start does; progress (may be nil) gets a line per fetch.
func Fetch(ctx context.Context, o Options, progress io.Writer) (Artifacts, error) {
	jdk, mvn, err := checkPrerequisites(o.JavaHome)
	if err != nil {
		return Artifacts{}, err
	}
	cache, err := o.cacheDir()
	if err != nil {
		return Artifacts{}, err
	}
	say := func(format string, args ...any) {
		if progress != nil {
			fmt.Fprintf(progress, format+"\n", args...)
		}
	}
	k, h := kafkas["3"], hives["3"]
	a, err := fetcher{kafka: k, hive: h, cache: cache, mvn: mvn, jdk: jdk, progress: say}.fetch(ctx)
	if err != nil {
		return Artifacts{}, err
	}
	return Artifacts{
		KafkaVersion: k.version, Kafka: a.kafkaCP,
		HadoopVersion: hadoopVersion, Hadoop: a.hadoopCP, Minicluster: a.minicluster,
		HiveVersion: h.version, Metastore: a.metastore,
		PrestoVersion: prestoVersion, Presto: a.presto,
	}, nil
}
