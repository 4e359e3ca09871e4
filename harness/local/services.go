package local

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/fullstack-lab/fullstack-lab/fixtures"
)

// loopback is the only address the services listen on.
const loopback = "127.0.0.1"

// layout is where one stack keeps its configs, data and logs, under its dir.
// kraft says Kafka runs in KRaft mode (Kafka 4): no ZooKeeper, and its log
// in a directory of its own, so that a dir that ran the other Kafka keeps both.
type layout struct {
	dir   string
	kraft bool
}

// kafkaLogDir is Kafka's log.dirs.
func (l layout) kafkaLogDir() string {
	if l.kraft {
		return l.data("kafka-kraft")
	}
	return l.data("kafka")
}

func (l layout) conf(p ...string) string {
	return filepath.Join(append([]string{l.dir, "conf"}, p...)...)
}
func (l layout) data(p ...string) string {
	return filepath.Join(append([]string{l.dir, "data"}, p...)...)
}
func (l layout) log(name string) string { return filepath.Join(l.dir, "logs", name+".log") }

// params fills the fixtures' templates for this stack.
func (l layout) params(p ports) fixtures.Params {
	return fixtures.Params{
		BindHost:            loopback,
		ZooKeeperPort:       p.ZooKeeper,
		ZooKeeperDataDir:    l.data("zookeeper"),
		ZooKeeperConnect:    fmt.Sprintf("%s:%d", loopback, p.ZooKeeper),
		KafkaBrokerID:       1,
		KafkaPort:           p.Kafka,
		KafkaAdvertisedHost: loopback,
		KafkaLogDir:         l.kafkaLogDir(),
		KafkaControllerPort: p.KafkaController,
		NameNodeHost:        loopback,
		NameNodePort:        p.NameNode,
		NameNodeHTTPPort:    p.NameNodeHTTP,
		NameNodeDir:         l.data("hdfs", "name"),
		DataNodeDir:         l.data("hdfs", "data"),
		DataNodePort:        p.DataNode,
		DataNodeHTTPPort:    p.DataNodeHTTP,
		DataNodeIPCPort:     p.DataNodeIPC,
		MetastoreHost:       loopback,
		MetastorePort:       p.Metastore,
		MetastoreWarehouse:  fmt.Sprintf("hdfs://%s:%d/user/hive/warehouse", loopback, p.NameNode),
		MetastoreDB:         l.data("metastore_db"),
		PrestoPort:          p.Presto,
		PrestoNodeID:        "lab-local",
		PrestoDataDir:       l.data("presto"),
		PrestoHeap:          "1G",
		HadoopConfDir:       l.conf("hadoop"),
	}
}

// configs lists each rendered file: its template and where it goes.
func (l layout) configs() [][2]string {
	kafka := [][2]string{
		{"zookeeper/zoo.cfg", l.conf("zoo.cfg")},
		{"kafka/server.properties", l.conf("server.properties")},
		{"log4j/log4j.properties", l.conf("log4j.properties")},
	}
	if l.kraft {
		kafka = [][2]string{
			{"kafka/server-kraft.properties", l.conf("server-kraft.properties")},
			{"kafka/log4j2.properties", l.conf("log4j2.properties")},
		}
	}
	return append(kafka, [][2]string{
		{"hadoop/core-site.xml", l.conf("hadoop", "core-site.xml")},
		{"hadoop/hdfs-site.xml", l.conf("hadoop", "hdfs-site.xml")},
		{"log4j/log4j.properties", l.conf("hadoop", "log4j.properties")},
		{"hive/metastore-site.xml", l.conf("metastore", "metastore-site.xml")},
		{"hadoop/core-site.xml", l.conf("metastore", "core-site.xml")},
		{"hadoop/hdfs-site.xml", l.conf("metastore", "hdfs-site.xml")},
		{"presto/config.properties", l.conf("presto", "config.properties")},
		{"presto/jvm.config", l.conf("presto", "jvm.config")},
		{"presto/node.properties", l.conf("presto", "node.properties")},
		{"presto/catalog/hive.properties", l.conf("presto", "catalog", "hive.properties")},
	}...)
}

// render writes every config and makes the data and log directories.
func (l layout) render(p fixtures.Params) error {
	dirs := []string{l.kafkaLogDir(), l.data("hdfs"), l.data("presto"), filepath.Join(l.dir, "logs")}
	if !l.kraft {
		dirs = append(dirs, l.data("zookeeper"))
	}
	for _, d := range dirs {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	for _, c := range l.configs() {
		b, err := fixtures.Render(c[0], p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(c[1]), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(c[1], b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// A command line for one service: the JDK it runs on and its arguments.
type command struct {
	name string
	java JDK
	args []string
	env  []string
}

func (c command) argv() []string { return append([]string{c.java.Java}, c.args...) }

func cp(parts ...string) string { return strings.Join(parts, string(os.PathListSeparator)) }

// log4j points a Log4j 1 service at the stack's console-only config.
func (l layout) log4j() string { return "-Dlog4j.configuration=file:" + l.conf("log4j.properties") }

func (l layout) zooKeeper(j JDK, a artifacts) command {
	return command{name: "zookeeper", java: j, args: []string{
		"-Xmx256m", l.log4j(), "-cp", cp(a.kafkaCP...),
		"org.apache.zookeeper.server.quorum.QuorumPeerMain", l.conf("zoo.cfg"),
	}}
}

func (l layout) kafka(j JDK, a artifacts) command {
	if l.kraft {
		return l.kafka4("kafka", j, a, "512m", "kafka.Kafka", l.conf("server-kraft.properties"))
	}
	return command{name: "kafka", java: j, args: []string{
		"-Xmx512m", "-XX:+UseG1GC", "-Djava.awt.headless=true", l.log4j(),
		"-Dkafka.logs.dir=" + filepath.Join(l.dir, "logs"), "-cp", cp(a.kafkaCP...),
		"kafka.Kafka", l.conf("server.properties"),
	}}
}

// kafka4 runs a class of Kafka 4, which logs with Log4j 2.
func (l layout) kafka4(name string, j JDK, a artifacts, heap, main string, args ...string) command {
	return command{name: name, java: j, args: append([]string{
		"-Xmx" + heap, "-XX:+UseG1GC", "-Djava.awt.headless=true",
		"-Dlog4j2.configurationFile=" + l.conf("log4j2.properties"),
		"-Dkafka.logs.dir=" + filepath.Join(l.dir, "logs"), "-cp", cp(a.kafkaCP...), main,
	}, args...)}
}

// kafkaFormat formats KRaft's log dir as cluster id (what kafka-storage.sh
// format does): it writes meta.properties and the bootstrap checkpoint with
// the metadata version, and the node will not start on an unformatted dir.
func (l layout) kafkaFormat(j JDK, a artifacts, id string) command {
	return l.kafka4("kafka-format", j, a, "256m", "kafka.tools.StorageTool",
		"format", "-t", id, "-c", l.conf("server-kraft.properties"))
}

// hadoop runs an HDFS class: its conf dir first, hadoop-client-minicluster
// last (it only adds the NameNode's webapps, which the plain jars lack).
func (l layout) hadoop(name string, j JDK, a artifacts, heap, main string, args ...string) command {
	classpath := cp(append(append([]string{l.conf("hadoop")}, a.hadoopCP...), a.minicluster)...)
	return command{name: name, java: j, args: append([]string{
		"-Xmx" + heap, "-Dhadoop.log.dir=" + filepath.Join(l.dir, "logs"),
		"-Dlog4j.configuration=file:" + l.conf("hadoop", "log4j.properties"),
		"-cp", classpath, main,
	}, args...)}
}

func (l layout) format(j JDK, a artifacts) command {
	return l.hadoop("namenode-format", j, a, "256m", "org.apache.hadoop.hdfs.server.namenode.NameNode", "-format", "-force", "-nonInteractive")
}

func (l layout) nameNode(j JDK, a artifacts) command {
	return l.hadoop("namenode", j, a, "512m", "org.apache.hadoop.hdfs.server.namenode.NameNode")
}

func (l layout) dataNode(j JDK, a artifacts) command {
	return l.hadoop("datanode", j, a, "256m", "org.apache.hadoop.hdfs.server.datanode.DataNode")
}

// metastore runs a class of the standalone metastore with its conf dir,
// its own lib/ and the Hadoop client; METASTORE_HOME finds schematool's scripts.
func (l layout) metastore(name string, j JDK, a artifacts, main string, args ...string) command {
	classpath := cp(append([]string{l.conf("metastore"), filepath.Join(a.metastore, "lib", "*")}, a.hadoopCP...)...)
	return command{name: name, java: j, env: []string{"METASTORE_HOME=" + a.metastore, "METASTORE_CONF_DIR=" + l.conf("metastore")},
		args: append([]string{"-Xmx512m", "-cp", classpath, main}, args...)}
}

func (l layout) schemaTool(j JDK, a artifacts) command {
	return l.metastore("metastore-schematool", j, a, a.hive.schemaTool, "-dbType", "derby", "-initSchema")
}

func (l layout) metastoreServer(j JDK, a artifacts) command {
	return l.metastore("metastore", j, a, "org.apache.hadoop.hive.metastore.HiveMetaStore")
}

// presto runs the coordinator as its launcher would: jvm.config's options,
// node.properties as system properties, the catalogs of conf/presto/catalog.
func (l layout) presto(j JDK, a artifacts) (command, error) {
	jvm, err := os.ReadFile(l.conf("presto", "jvm.config"))
	if err != nil {
		return command{}, err
	}
	node, err := os.ReadFile(l.conf("presto", "node.properties"))
	if err != nil {
		return command{}, err
	}
	args := []string{"-cp", filepath.Join(a.presto, "lib", "*")}
	for _, line := range strings.Split(string(jvm), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			args = append(args, line)
		}
	}
	for _, kv := range props(node) {
		args = append(args, "-D"+kv[0]+"="+kv[1])
	}
	args = append(args,
		"-Dconfig="+l.conf("presto", "config.properties"),
		"-Dcatalog.config-dir="+l.conf("presto", "catalog"),
		"-Dplugin.dir="+filepath.Join(a.presto, "plugin"),
		"com.facebook.presto.server.PrestoServer")
	return command{name: "presto", java: j, args: args}, nil
}

// newClusterID is a KRaft cluster id as kafka-storage.sh random-uuid makes
// one: 16 random bytes in URL-safe base64 without padding, never starting
// with '-' (which the tool's command line would take for a flag).
func newClusterID() string {
	for {
		var b [16]byte
		rand.Read(b[:])
		if id := base64.RawURLEncoding.EncodeToString(b[:]); id[0] != '-' {
			return id
		}
	}
}
