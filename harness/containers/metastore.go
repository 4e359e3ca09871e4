package containers

import (
	"time"

	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/wait"
)

// hiveConf is where the apache/hive image's entrypoint takes custom configs
// from (HIVE_CUSTOM_CONF_DIR): it links each file into /opt/hive/conf, over
// the image's own, and makes that directory HADOOP_CONF_DIR too.
const hiveConf = "/hive_custom_conf"

// metastore is the standalone Hive Metastore of the apache/hive image
// (SERVICE_NAME=metastore), Derby-backed, its schema initialised by the
// image's entrypoint with schematool. fixtures/hive/metastore-site.xml is
// installed as metastore-site.xml and as hive-site.xml, so that no default
// of the image's own hive-site.xml (its warehouse dir, a local path) wins over it.
func metastore(cfg Config) (testcontainers.ContainerRequest, error) {
	p := params(cfg)
	site, err := files(p,
		"hive/metastore-site.xml", hiveConf+"/metastore-site.xml",
		"hive/metastore-site.xml", hiveConf+"/hive-site.xml")
	if err != nil {
		return testcontainers.ContainerRequest{}, err
	}
	hadoop, err := clientHadoop(cfg, hiveConf)
	if err != nil {
		return testcontainers.ContainerRequest{}, err
	}
	r := testcontainers.ContainerRequest{
		Image: cfg.Images.Hive,
		Env: map[string]string{
			"SERVICE_NAME":         "metastore",
			"HIVE_CUSTOM_CONF_DIR": hiveConf,
			"DB_DRIVER":            "derby",
			"HADOOP_HEAPSIZE":      "512",
			"HADOOP_USER_NAME":     "hive",
		},
		ExposedPorts: []string{tcp(MetastorePort)},
		Files:        append(site, hadoop...),
		WaitingFor:   wait.ForListeningPort(tcp(MetastorePort)).WithStartupTimeout(5 * time.Minute),
	}
	onNetwork(&r, cfg, AliasMetastore)
	return r, nil
}
