package containers_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/fullstack-lab/fullstack-lab/fixtures"
	"github.com/fullstack-lab/fullstack-lab/harness/containers"
	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/network"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/wait"
)

func config() containers.Config {
	return containers.Config{Name: "lab-test", Network: "lab-net", Host: "127.0.0.1", KafkaPort: 39092, DataNodePort: 39866,
		Labels: map[string]string{containers.LabelOwner: "host/1/2"}}
}

// requests builds the stack's requests and indexes them by service.
func requests(t *testing.T, cfg containers.Config) map[string]testcontainers.GenericContainerRequest {
	t.Helper()
	reqs, err := containers.Requests(cfg)
	require.NoError(t, err)
	require.Len(t, reqs, len(containers.Services))
	m := map[string]testcontainers.GenericContainerRequest{}
	for i, r := range reqs {
		svc := containers.Services[i]
		assert.Equal(t, cfg.Name+"-"+svc, r.Name, "request %d", i)
		assert.Equal(t, cfg.Name, r.Labels[containers.LabelStack])
		assert.Equal(t, svc, r.Labels[containers.LabelService])
		for k, v := range cfg.Labels {
			assert.Equal(t, v, r.Labels[k], "%s: label %s", svc, k)
		}
		assert.True(t, r.Started, svc)
		m[svc] = r
	}
	return m
}

// files reads the files a request copies into its container, by container path.
func files(t *testing.T, r testcontainers.GenericContainerRequest) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, f := range r.Files {
		require.NotNil(t, f.Reader, f.ContainerFilePath)
		b, err := io.ReadAll(f.Reader)
		require.NoError(t, err)
		assert.Equal(t, int64(0o644), f.FileMode, f.ContainerFilePath)
		m[f.ContainerFilePath] = string(b)
	}
	return m
}

// waits describes a wait strategy, one line per condition.
func waits(t *testing.T, s wait.Strategy) []string {
	t.Helper()
	switch s := s.(type) {
	case *wait.MultiStrategy:
		var out []string
		for _, in := range s.Strategies {
			out = append(out, waits(t, in)...)
		}
		return out
	case *wait.HostPortStrategy:
		require.NotNil(t, s.Timeout(), "port wait %s has no timeout", s.Port)
		return []string{"port " + s.Port}
	case *wait.LogStrategy:
		require.NotNil(t, s.Timeout(), "log wait %q has no timeout", s.Log)
		return []string{"log " + s.Log}
	case *wait.HTTPStrategy:
		require.NotNil(t, s.Timeout(), "http wait has no timeout")
		return []string{fmt.Sprintf("http %s on %s", s.Path, s.Port)}
	case *containers.ProbeStrategy:
		require.NotNil(t, s.Timeout(), "probe %s has no timeout", s.Name)
		require.NotNil(t, s.Check, s.Name)
		return []string{fmt.Sprintf("probe %s on %s", s.Name, s.Port)}
	}
	t.Fatalf("unexpected wait strategy %T", s)
	return nil
}

// hostConfig applies a request's host config modifier to an empty host config.
func hostConfig(r testcontainers.GenericContainerRequest) *container.HostConfig {
	hc := &container.HostConfig{}
	if r.HostConfigModifier != nil {
		r.HostConfigModifier(hc)
	}
	return hc
}

func render(t *testing.T, name string, edit func(*fixtures.Params)) string {
	t.Helper()
	p := fixtures.Params{
		BindHost: "0.0.0.0", ZooKeeperPort: 2181, ZooKeeperDataDir: "/var/lib/zookeeper/data", ZooKeeperConnect: "zookeeper:2181",
		KafkaBrokerID: 1, KafkaPort: 39092, KafkaAdvertisedHost: "127.0.0.1", KafkaLogDir: "/var/lib/kafka/data",
		NameNodeHost: "namenode", NameNodePort: 8020, NameNodeHTTPPort: 9870, NameNodeDir: "/tmp/hadoop/dfs/name", DataNodeDir: "/tmp/hadoop/dfs/data",
		DataNodePort: 39866, DataNodeHTTPPort: 9864, DataNodeIPCPort: 9867,
		MetastoreHost: "metastore", MetastorePort: 9083, MetastoreWarehouse: "hdfs://namenode:8020/user/hive/warehouse", MetastoreDB: "/tmp/metastore_db",
		PrestoPort: 8080, PrestoNodeID: "lab-test", PrestoDataDir: "/tmp/presto-data", PrestoHeap: "1G", HadoopConfDir: "/opt/presto-server/etc/hadoop",
	}
	if edit != nil {
		edit(&p)
	}
	b, err := fixtures.Render(name, p)
	require.NoError(t, err)
	return string(b)
}

func TestImagesArePinned(t *testing.T) {
	reqs := requests(t, config())
	want := map[string]string{
		"zookeeper": containers.DefaultImages.ZooKeeper, "kafka": containers.DefaultImages.Kafka,
		"namenode": containers.DefaultImages.Hadoop, "datanode": containers.DefaultImages.Hadoop,
		"metastore": containers.DefaultImages.Hive, "presto": containers.DefaultImages.Presto,
	}
	for svc, img := range want {
		assert.Equal(t, img, reqs[svc].Image, svc)
		assert.NotContains(t, img, ":latest", svc)
		assert.Regexp(t, `:[0-9]+\.[0-9]+(\.[0-9]+)?$`, img, "%s: image %q is not pinned to a version", svc, img)
	}
	// The lab's own images by default, the same versions as the local backend.
	assert.Equal(t, "fullstack-lab/kafka:3.9.1", reqs["kafka"].Image)
	assert.Equal(t, "fullstack-lab/kafka:3.9.1", reqs["zookeeper"].Image)
	assert.Equal(t, "fullstack-lab/hadoop:3.4.1", reqs["namenode"].Image)
	assert.Equal(t, "fullstack-lab/hive:3.1.3", reqs["metastore"].Image)
	assert.Equal(t, "fullstack-lab/presto:0.287", reqs["presto"].Image)

	up, err := containers.ImageSet(containers.SetUpstream)
	require.NoError(t, err)
	cfg0 := config()
	cfg0.Images = up
	reqs = requests(t, cfg0)
	assert.Regexp(t, `^confluentinc/cp-(zookeeper|kafka):7\.`, reqs["kafka"].Image)
	// Hive 3.1, not 4: PrestoDB calls get_table, which Hive 4 removed (images.go).
	assert.Regexp(t, `^apache/hive:3\.1\.`, reqs["metastore"].Image)
	_, err = containers.ImageSet("latest")
	require.ErrorIs(t, err, containers.ErrConfig)

	cfg := config()
	cfg.Images.Presto = "prestodb/presto:0.290"
	reqs = requests(t, cfg)
	assert.Equal(t, "prestodb/presto:0.290", reqs["presto"].Image)
	assert.Equal(t, containers.DefaultImages.Kafka, reqs["kafka"].Image)
}

func TestNetwork(t *testing.T) {
	reqs := requests(t, config())
	aliases := map[string]string{"zookeeper": "zookeeper", "kafka": "kafka", "namenode": "namenode", "metastore": "metastore", "presto": "presto"}
	for svc, alias := range aliases {
		assert.Equal(t, []string{"lab-net"}, reqs[svc].Networks, svc)
		assert.Equal(t, map[string][]string{"lab-net": {alias}}, reqs[svc].NetworkAliases, svc)
		assert.Empty(t, hostConfig(reqs[svc]).NetworkMode, svc)
	}
	// The DataNode lives in the NameNode's network namespace.
	dn := reqs["datanode"]
	assert.Empty(t, dn.Networks)
	assert.Empty(t, dn.ExposedPorts)
	assert.Equal(t, container.NetworkMode("container:lab-test-namenode"), hostConfig(dn).NetworkMode)
}

func TestPortsAndWaits(t *testing.T) {
	reqs := requests(t, config())
	tests := []struct {
		svc     string
		exposed []string
		pinned  string
		waits   []string
	}{
		{"zookeeper", []string{"2181/tcp"}, "", []string{"probe zookeeper ruok on 2181/tcp"}},
		{"kafka", []string{"39092/tcp"}, "39092", []string{"probe kafka metadata on 39092/tcp"}},
		{"namenode", []string{"8020/tcp", "9870/tcp", "39866/tcp", "9864/tcp"}, "39866", []string{"probe namenode stat / on 8020/tcp"}},
		{"metastore", []string{"9083/tcp"}, "", []string{"probe metastore get_all_databases on 9083/tcp"}},
		{"presto", []string{"8080/tcp"}, "", []string{"probe presto started with an active worker on 8080/tcp"}},
	}
	// The DataNode publishes nothing (it lives in the NameNode's namespace);
	// the backend asks for it through the NameNode once that runs.
	assert.Nil(t, reqs["datanode"].WaitingFor)
	assert.Empty(t, hostConfig(reqs["datanode"]).PortBindings)
	dn := containers.DataNodeReady("127.0.0.1:41234")
	assert.Equal(t, "127.0.0.1:41234", dn.Addr)
	assert.Equal(t, []string{"probe datanode takes a block on "}, waits(t, dn))
	for _, tc := range tests {
		t.Run(tc.svc, func(t *testing.T) {
			r := reqs[tc.svc]
			assert.Equal(t, tc.exposed, r.ExposedPorts)
			require.NotNil(t, r.WaitingFor)
			assert.Equal(t, tc.waits, waits(t, r.WaitingFor))
			// Every published port on 127.0.0.1 only; the pinned one at the same number.
			want := network.PortMap{}
			for _, e := range tc.exposed {
				b := network.PortBinding{HostIP: netip.MustParseAddr("127.0.0.1")}
				if e == tc.pinned+"/tcp" {
					b.HostPort = tc.pinned
				}
				want[network.MustParsePort(e)] = []network.PortBinding{b}
			}
			assert.Equal(t, want, hostConfig(r).PortBindings, "%s: published ports", tc.svc)
		})
	}
}

// Presto is ready once /v1/info says started and /v1/cluster counts an
// active worker (before that a hive query fails: sortedCandidates is null
// or empty): the request's wait asks probe.Presto, the local backend's check.
func TestPrestoReadiness(t *testing.T) {
	reqs := requests(t, config())
	ps := reqs["presto"].WaitingFor.(*containers.ProbeStrategy)
	assert.Equal(t, "127.0.0.1", ps.Host, "probed at the stack's published host")
	tests := []struct {
		info, cluster string
		want          bool
	}{
		{`{"nodeVersion":{"version":"0.296"},"coordinator":true,"starting":false}`, `{"activeWorkers":1}`, true},
		{`{"nodeVersion":{"version":"0.296"},"coordinator":true,"starting":false}`, `{"activeWorkers":0}`, false},
		{`{"nodeVersion":{"version":"0.296"},"coordinator":true,"starting":true}`, `{"activeWorkers":1}`, false},
		{`{"coordinator":true}`, `{"activeWorkers":1}`, false},
		{`<html>`, `{"activeWorkers":1}`, false},
	}
	for _, tc := range tests {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch r.URL.Path {
			case "/v1/info":
				io.WriteString(w, tc.info)
			case "/v1/cluster":
				io.WriteString(w, tc.cluster)
			default:
				http.NotFound(w, r)
			}
		}))
		err := ps.Check(context.Background(), strings.TrimPrefix(srv.URL, "http://"))
		srv.Close()
		assert.Equal(t, tc.want, err == nil, "info %s, cluster %s: %v", tc.info, tc.cluster, err)
	}
}

func TestCommandsAndEnv(t *testing.T) {
	reqs := requests(t, config())
	assert.Equal(t, []string{"zookeeper-server-start", "/etc/lab/zookeeper/zoo.cfg"}, reqs["zookeeper"].Cmd)
	assert.Equal(t, []string{"kafka-server-start", "/etc/lab/kafka/server.properties"}, reqs["kafka"].Cmd)
	assert.Equal(t, []string{"bash", "-c", "hdfs namenode -format -force -nonInteractive && exec hdfs namenode"}, reqs["namenode"].Cmd)
	assert.Equal(t, []string{"hdfs", "datanode"}, reqs["datanode"].Cmd)
	assert.Empty(t, reqs["metastore"].Cmd, "the apache/hive entrypoint runs the metastore")
	assert.Equal(t, containers.MetastoreEntrypoint, reqs["metastore"].Entrypoint)
	assert.Equal(t, "bash", reqs["metastore"].Entrypoint[0])
	assert.True(t, strings.HasSuffix(reqs["metastore"].Entrypoint[2], "\nexec su -p -s /bin/bash hive -c /entrypoint.sh"),
		"after the schema fix, the image's entrypoint runs as its user hive")
	cc := &container.Config{}
	require.NotNil(t, reqs["metastore"].ConfigModifier)
	reqs["metastore"].ConfigModifier(cc)
	assert.Equal(t, "root", cc.User, "the schema script belongs to root")
	assert.Equal(t, []string{"/opt/presto-server/bin/launcher", "run"}, reqs["presto"].Entrypoint)
	assert.Empty(t, reqs["presto"].Cmd)
	assert.Equal(t, "metastore", reqs["metastore"].Env["SERVICE_NAME"])
	assert.Equal(t, "derby", reqs["metastore"].Env["DB_DRIVER"])
	assert.Equal(t, "/hive_custom_conf", reqs["metastore"].Env["HIVE_CUSTOM_CONF_DIR"])
	for _, svc := range []string{"zookeeper", "kafka"} {
		assert.Equal(t, "-Dlog4j.configuration=file:/etc/lab/log4j.properties", reqs[svc].Env["KAFKA_LOG4J_OPTS"], svc)
	}
}

func TestConfigsAreTheFixtures(t *testing.T) {
	reqs := requests(t, config())
	const hadoop, hive, presto = "/opt/hadoop/etc/hadoop", "/hive_custom_conf", "/opt/presto-server/etc"
	client := func(p *fixtures.Params) { p.UseDataNodeHostname = true }
	want := map[string]map[string]string{
		"zookeeper": {
			"/etc/lab/zookeeper/zoo.cfg": render(t, "zookeeper/zoo.cfg", nil),
		},
		"kafka": {
			"/etc/lab/kafka/server.properties": render(t, "kafka/server.properties", nil),
		},
		"namenode": {
			hadoop + "/core-site.xml": render(t, "hadoop/core-site.xml", nil),
			hadoop + "/hdfs-site.xml": render(t, "hadoop/hdfs-site.xml", nil),
		},
		"datanode": {
			hadoop + "/core-site.xml": render(t, "hadoop/core-site.xml", func(p *fixtures.Params) { p.NameNodeHost = "localhost" }),
			hadoop + "/hdfs-site.xml": render(t, "hadoop/hdfs-site.xml", func(p *fixtures.Params) { p.NameNodeHost, p.DataNodeHostname = "localhost", "namenode" }),
		},
		"metastore": {
			hive + "/metastore-site.xml": render(t, "hive/metastore-site.xml", nil),
			hive + "/hive-site.xml":      render(t, "hive/metastore-site.xml", nil),
			hive + "/core-site.xml":      render(t, "hadoop/core-site.xml", client),
			hive + "/hdfs-site.xml":      render(t, "hadoop/hdfs-site.xml", client),
		},
		"presto": {
			presto + "/config.properties":       render(t, "presto/config.properties", nil),
			presto + "/jvm.config":              render(t, "presto/jvm.config", nil),
			presto + "/node.properties":         render(t, "presto/node.properties", nil),
			presto + "/catalog/hive.properties": render(t, "presto/catalog/hive.properties", nil),
			presto + "/hadoop/core-site.xml":    render(t, "hadoop/core-site.xml", client),
			presto + "/hadoop/hdfs-site.xml":    render(t, "hadoop/hdfs-site.xml", client),
		},
	}
	for svc, w := range want {
		got := files(t, reqs[svc])
		if svc == "zookeeper" || svc == "kafka" {
			assert.Contains(t, got["/etc/lab/log4j.properties"], "log4j.appender.stdout=org.apache.log4j.ConsoleAppender")
			delete(got, "/etc/lab/log4j.properties")
		}
		assert.Equal(t, w, got, svc)
	}
}

// The addresses in the rendered configs are the ones that work: the
// teaching point of the class's kafka:29092, and the DataNode trap.
func TestAdvertisedAddresses(t *testing.T) {
	reqs := requests(t, config())
	kafka := files(t, reqs["kafka"])["/etc/lab/kafka/server.properties"]
	assert.Contains(t, kafka, "\nlisteners=PLAINTEXT://0.0.0.0:39092\nadvertised.listeners=PLAINTEXT://127.0.0.1:39092\n")
	assert.Contains(t, kafka, "\nzookeeper.connect=zookeeper:2181\n")

	dn := files(t, reqs["datanode"])
	assert.Contains(t, dn["/opt/hadoop/etc/hadoop/core-site.xml"], "<value>hdfs://localhost:8020</value>")
	assert.Contains(t, dn["/opt/hadoop/etc/hadoop/hdfs-site.xml"], "<name>dfs.datanode.address</name><value>0.0.0.0:39866</value>")
	assert.Contains(t, dn["/opt/hadoop/etc/hadoop/hdfs-site.xml"], "<name>dfs.datanode.hostname</name><value>namenode</value>")

	presto := files(t, reqs["presto"])
	assert.Contains(t, presto["/opt/presto-server/etc/hadoop/hdfs-site.xml"], "<name>dfs.client.use.datanode.hostname</name><value>true</value>")
	assert.Contains(t, presto["/opt/presto-server/etc/catalog/hive.properties"], "hive.metastore.uri=thrift://metastore:9083\n")
	assert.Contains(t, presto["/opt/presto-server/etc/catalog/hive.properties"], "hive.metastore-cache-ttl=0s\n")
	ms := files(t, reqs["metastore"])
	assert.Contains(t, ms["/hive_custom_conf/metastore-site.xml"], "<value>hdfs://namenode:8020/user/hive/warehouse</value>")
}

func TestInvalidConfig(t *testing.T) {
	tests := []struct {
		description string
		edit        func(*containers.Config)
		want        string
	}{
		{"no name", func(c *containers.Config) { c.Name = "" }, `invalid containers config: name "" must be a container name`},
		{"bad name", func(c *containers.Config) { c.Name = "lab test" }, `invalid containers config: name "lab test" must be a container name`},
		{"no network", func(c *containers.Config) { c.Network = "" }, "invalid containers config: no network"},
		{"no host", func(c *containers.Config) { c.Host = "" }, "invalid containers config: no host"},
		{"no kafka port", func(c *containers.Config) { c.KafkaPort = 0 }, "invalid containers config: kafka port 0"},
		{"datanode port", func(c *containers.Config) { c.DataNodePort = 70000 }, "invalid containers config: datanode port 70000"},
		{"same port", func(c *containers.Config) { c.DataNodePort = c.KafkaPort }, "invalid containers config: kafka and datanode both on port 39092"},
		{"bad bind address", func(c *containers.Config) { c.BindIP = "localhost" }, `invalid containers config: bind address "localhost" is not an IP address`},
	}
	for _, tc := range tests {
		t.Run(tc.description, func(t *testing.T) {
			cfg := config()
			tc.edit(&cfg)
			_, err := containers.Requests(cfg)
			require.ErrorIs(t, err, containers.ErrConfig)
			assert.EqualError(t, err, tc.want)
		})
	}
}
