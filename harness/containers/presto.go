package containers

import (
	"encoding/json"
	"io"
	"time"

	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/wait"
)

// prestoEtc is the prestodb/presto image's configuration directory.
const (
	prestoEtc      = "/opt/presto-server/etc"
	prestoLauncher = "/opt/presto-server/bin/launcher"
)

// presto is the PrestoDB coordinator (and its only worker), with the hive
// catalog on the metastore and HDFS. testcontainers-go has no Presto module,
// so this is a generic request; ready when /v1/info says starting=false and
// /v1/cluster counts an active worker. The second is what the local backend
// learned: until the coordinator's node list has its own node, a query over
// a hive table fails with "sortedCandidates is null or empty for
// ModularHashingNodeProvider" although /v1/info already says started.
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
		WaitingFor: wait.ForAll(
			wait.ForHTTP("/v1/info").WithPort(tcp(PrestoPort)).
				WithResponseMatcher(prestoStarted).WithStartupTimeout(startTimeout),
			wait.ForHTTP("/v1/cluster").WithPort(tcp(PrestoPort)).
				WithResponseMatcher(prestoHasWorker).WithStartupTimeout(startTimeout),
		).WithDeadline(startTimeout + time.Minute),
	}
	onNetwork(&r, cfg, AliasPresto)
	return r, nil
}

// prestoStarted reports whether a /v1/info body says the server has started.
func prestoStarted(body io.Reader) bool {
	var info struct {
		Starting *bool `json:"starting"`
	}
	return json.NewDecoder(body).Decode(&info) == nil && info.Starting != nil && !*info.Starting
}

// prestoHasWorker reports whether a /v1/cluster body counts an active worker.
func prestoHasWorker(body io.Reader) bool {
	var cluster struct {
		ActiveWorkers *int `json:"activeWorkers"`
	}
	return json.NewDecoder(body).Decode(&cluster) == nil && cluster.ActiveWorkers != nil && *cluster.ActiveWorkers >= 1
}
