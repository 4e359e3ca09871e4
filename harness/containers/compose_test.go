package containers_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fullstack-lab/fullstack-lab/harness/containers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

var update = flag.Bool("update", false, "rewrite fixtures/compose/conf from the templates")

// composeDir is fixtures/compose, from this package's directory.
const composeDir = "../../fixtures/compose"

// composeConfig is the compose cluster's: fixed ports, published at the same numbers.
var composeConfig = containers.Config{Name: "compose", Network: "default", Host: "localhost", KafkaPort: 9092, DataNodePort: 9866}

// confRoots are the services' configuration directories, stripped from the
// container paths to place the files under conf/<service>/.
var confRoots = []string{"/etc/lab/zookeeper/", "/etc/lab/kafka/", "/etc/lab/", "/opt/hadoop/etc/hadoop/", "/hive_custom_conf/", "/opt/presto-server/etc/"}

// TestCompose checks that the compose cluster's configs are the fixtures
// templates rendered as the containers backend renders them, and that
// docker-compose.yml mounts each where the backend copies it.
func TestCompose(t *testing.T) {
	reqs := requests(t, composeConfig)
	yml, err := os.ReadFile(filepath.Join(composeDir, "docker-compose.yml"))
	require.NoError(t, err)
	for _, svc := range []string{"zookeeper", "kafka", "namenode", "datanode", "metastore", "presto"} {
		for dst, content := range files(t, reqs[svc]) {
			rel := dst
			for _, root := range confRoots {
				rel = strings.TrimPrefix(rel, root)
			}
			conf := filepath.Join("conf", svc, rel)
			if svc == "metastore" && rel == "hive-site.xml" {
				// The same file as metastore-site.xml, mounted twice.
				conf = filepath.Join("conf", svc, "metastore-site.xml")
				assert.Contains(t, string(yml), "./"+conf+":"+dst+":ro")
				continue
			}
			path := filepath.Join(composeDir, conf)
			if *update {
				require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
				require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
			}
			got, err := os.ReadFile(path)
			require.NoError(t, err, "run: go test ./harness/containers -run TestCompose -update")
			assert.Equal(t, content, string(got), "%s differs from its template's rendering; run: go test ./harness/containers -run TestCompose -update", path)
			assert.Contains(t, string(yml), "./"+conf+":"+dst+":ro", "docker-compose.yml must mount %s", conf)
		}
	}
	var doc struct {
		Services map[string]struct {
			Image       string            `yaml:"image"`
			User        string            `yaml:"user"`
			NetworkMode string            `yaml:"network_mode"`
			Volumes     []string          `yaml:"volumes"`
			Entrypoint  []string          `yaml:"entrypoint"`
			Command     []string          `yaml:"command"`
			Environment map[string]string `yaml:"environment"`
		} `yaml:"services"`
	}
	require.NoError(t, yaml.Unmarshal(yml, &doc))
	var names []string
	for name := range doc.Services {
		names = append(names, name)
	}
	assert.ElementsMatch(t, []string{"zookeeper", "kafka", "namenode", "datanode", "metastore", "presto"}, names)
	assert.Equal(t, "service:namenode", doc.Services["datanode"].NetworkMode)
	// The same commands and settings as the backend's.
	assert.Equal(t, reqs["presto"].Entrypoint, doc.Services["presto"].Entrypoint)
	// The metastore's Derby schema fix, then the image's entrypoint as hive.
	assert.Equal(t, containers.MetastoreEntrypoint, doc.Services["metastore"].Entrypoint)
	assert.Equal(t, containers.MetastoreUser, doc.Services["metastore"].User)
	assert.Contains(t, string(yml), "http://localhost:8080/v1/cluster", "presto is healthy once it counts an active worker")
	assert.Equal(t, reqs["zookeeper"].Cmd, doc.Services["zookeeper"].Command)
	assert.Equal(t, reqs["kafka"].Cmd, doc.Services["kafka"].Command)
	for _, svc := range []string{"zookeeper", "kafka"} {
		assert.Equal(t, reqs[svc].Env["KAFKA_LOG4J_OPTS"], doc.Services[svc].Environment["KAFKA_LOG4J_OPTS"], svc)
	}
	assert.Equal(t, reqs["namenode"].Cmd, doc.Services["namenode"].Command)
	assert.Equal(t, reqs["datanode"].Cmd, doc.Services["datanode"].Command)
	for _, k := range []string{"SERVICE_NAME", "DB_DRIVER", "HIVE_CUSTOM_CONF_DIR"} {
		assert.Equal(t, reqs["metastore"].Env[k], doc.Services["metastore"].Environment[k], k)
	}
	for name, svc := range doc.Services {
		for _, v := range svc.Volumes {
			src := strings.SplitN(v, ":", 2)[0]
			_, err := os.Stat(filepath.Join(composeDir, src))
			assert.NoError(t, err, "%s mounts %s", name, src)
		}
	}

	// The compose file runs the backend's own images (lab images build), pinned.
	for _, img := range []string{
		containers.LabImages.ZooKeeper, containers.LabImages.Kafka, containers.LabImages.Hadoop,
		containers.LabImages.Hive, containers.LabImages.Presto,
	} {
		assert.Contains(t, string(yml), "image: "+img+"\n")
	}
	assert.NotContains(t, string(yml), ":latest")

	// external.env points the lab at the published ports.
	env, err := os.ReadFile(filepath.Join(composeDir, "external.env"))
	require.NoError(t, err)
	for _, line := range []string{"LAB_STACK=external", "LAB_KAFKA=localhost:9092", "LAB_WAREHOUSE=hdfs://localhost:8020", "LAB_METASTORE=localhost:9083", "LAB_PRESTO=http://localhost:8080", "LAB_LOCATIONS=hdfs://namenode:8020"} {
		assert.Contains(t, string(env), "\n"+line+"\n")
	}
	// Published on 127.0.0.1 only.
	for _, port := range []string{"9092:9092", "8020:8020", "9866:9866", "9083:9083", "8080:8080"} {
		assert.Contains(t, string(yml), `- "127.0.0.1:`+port+`"`)
	}
	assert.NotRegexp(t, `- "[0-9]+:[0-9]+"`, string(yml), "every port on 127.0.0.1")
}
