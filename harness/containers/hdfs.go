package containers

import (
	"github.com/fullstack-lab/fullstack-lab/harness/services"
	"github.com/moby/moby/api/types/container"
	"github.com/testcontainers/testcontainers-go"
)

// hadoopConf is the apache/hadoop image's configuration directory.
const hadoopConf = "/opt/hadoop/etc/hadoop"

// namenode formats and runs the NameNode. It also publishes the DataNode's
// transfer port, pinned: the DataNode shares its network namespace.
func namenode(cfg Config) (testcontainers.ContainerRequest, error) {
	fs, err := files(params(cfg),
		"hadoop/core-site.xml", hadoopConf+"/core-site.xml",
		"hadoop/hdfs-site.xml", hadoopConf+"/hdfs-site.xml")
	if err != nil {
		return testcontainers.ContainerRequest{}, err
	}
	r := testcontainers.ContainerRequest{
		Image: cfg.Images.Hadoop,
		Cmd:   []string{"bash", "-c", "hdfs namenode -format -force -nonInteractive && exec hdfs namenode"},
		Env:   map[string]string{"HADOOP_HEAPSIZE_MAX": "512m"},
		// The DataNode's ports live here too (shared namespace).
		ExposedPorts:       []string{tcp(NameNodePort), tcp(NameNodeHTTPPort), tcp(cfg.DataNodePort), tcp(DataNodeHTTPPort)},
		HostConfigModifier: pinned(cfg.DataNodePort),
		Files:              fs,
		// Ready (services.Table) when it answers a stat of / over its RPC
		// protocol. Not a log line: a freshly formatted NameNode with no blocks
		// never logs "Safe mode is OFF" (Hadoop 3.4.1 logs only "Leaving safe
		// mode after 0 secs").
	}
	onNetwork(&r, cfg, AliasNameNode)
	return r, nil
}

// datanode runs the DataNode in the NameNode container's network namespace.
//
// Trap: the NameNode records a DataNode's IP as the address its registration
// came from, and hands it to clients for blocks. From another container that
// is an address of the Docker network, which a client on the host cannot
// reach (Docker Desktop). Sharing the NameNode's namespace, the DataNode
// registers through localhost, so the NameNode hands out 127.0.0.1:DataNodePort,
// published on the host at the same number. Containers (metastore, Presto)
// dial it by hostname instead: it registers as "namenode", their alias for
// this namespace, and their hdfs-site.xml says dfs.client.use.datanode.hostname.
func datanode(cfg Config) (testcontainers.ContainerRequest, error) {
	p := params(cfg)
	p.NameNodeHost = "localhost"
	p.DataNodeHostname = AliasNameNode
	fs, err := files(p,
		"hadoop/core-site.xml", hadoopConf+"/core-site.xml",
		"hadoop/hdfs-site.xml", hadoopConf+"/hdfs-site.xml")
	if err != nil {
		return testcontainers.ContainerRequest{}, err
	}
	nn := cfg.container("namenode")
	return testcontainers.ContainerRequest{
		Image: cfg.Images.Hadoop,
		Cmd:   []string{"hdfs", "datanode"},
		Env:   map[string]string{"HADOOP_HEAPSIZE_MAX": "512m"},
		HostConfigModifier: func(hc *container.HostConfig) {
			hc.NetworkMode = container.NetworkMode("container:" + nn)
		},
		Files: fs,
		// Its readiness is asked through the NameNode's published ports,
		// known once the NameNode runs (services.Table's Via): see viaProbe.
	}, nil
}

// DataNodeReady is the DataNode's wait, through the NameNode at nn (its
// RPC address on this machine): services.Table's probe, a file written,
// read back and removed with the project's HDFS client, which needs a live
// DataNode that takes blocks at the address the NameNode hands out.
func DataNodeReady(nn string) *ProbeStrategy {
	s, err := services.Lookup("datanode")
	if err != nil {
		panic(err) // the table names it
	}
	return viaProbe(s, nn)
}

// clientHadoop is the Hadoop client config of the containers that read and
// write HDFS from the Docker network: they dial the DataNode by hostname.
func clientHadoop(cfg Config, dir string) ([]testcontainers.ContainerFile, error) {
	p := params(cfg)
	p.UseDataNodeHostname = true
	return files(p,
		"hadoop/core-site.xml", dir+"/core-site.xml",
		"hadoop/hdfs-site.xml", dir+"/hdfs-site.xml")
}
