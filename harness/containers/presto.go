package containers

import (
	"github.com/testcontainers/testcontainers-go"
)

// prestoEtc is the prestodb/presto image's configuration directory.
const (
	prestoEtc      = "/opt/presto-server/etc"
	prestoLauncher = "/opt/presto-server/bin/launcher"
)

// presto is the PrestoDB coordinator (and its only worker), with the hive
// catalog on the metastore and HDFS. testcontainers-go has no Presto module,
// so this is a generic request; ready when probe.Presto says so (/v1/info
// starting=false and /v1/cluster counting an active worker: until the
// coordinator's node list has its own node, a query over a hive table fails
// with "sortedCandidates is null or empty", as the local backend learned).
// The image's entrypoint is bypassed: it appends node.id to node.properties,
// which would duplicate the fixture's (and fails on a read-only mount).
func presto(cfg Config) (testcontainers.ContainerRequest, error) {
	etc, err := files(params(cfg),
		"presto/config.properties", prestoEtc+"/config.properties",
		"presto/jvm.config", prestoEtc+"/jvm.config",
		"presto/node.properties", prestoEtc+"/node.properties",
		"presto/catalog/hive.properties", prestoEtc+"/catalog/hive.properties")
	if err != nil {
		return testcontainers.ContainerRequest{}, err
	}
	hadoop, err := clientHadoop(cfg, prestoEtc+"/hadoop")
	if err != nil {
		return testcontainers.ContainerRequest{}, err
	}
	r := testcontainers.ContainerRequest{
		Image:        cfg.Images.Presto,
		Entrypoint:   []string{prestoLauncher, "run"},
		ExposedPorts: []string{tcp(PrestoPort)},
		Files:        append(etc, hadoop...),
	}
	onNetwork(&r, cfg, AliasPresto)
	return r, nil
}
