package containers

import (
	"bytes"
	"fmt"
	"net/netip"
	"strconv"

	"github.com/fullstack-lab/fullstack-lab/fixtures"
	"github.com/fullstack-lab/fullstack-lab/harness/services"
	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/network"
	"github.com/testcontainers/testcontainers-go"
	tclog "github.com/testcontainers/testcontainers-go/log"
)

// Services are the stack's containers, in the order they start: each one's
// dependencies come before it (services.Table's order).
var Services = services.Names()

// mainPort is each service's port inside its container that its readiness
// probe asks (services.Table's Ready); the DataNode is asked through the NameNode's.
func mainPort(cfg Config, svc string) int {
	switch svc {
	case "zookeeper":
		return ZooKeeperPort
	case "kafka":
		return cfg.KafkaPort
	case "namenode":
		return NameNodePort
	case "metastore":
		return MetastorePort
	case "presto":
		return PrestoPort
	}
	return 0
}

// probeOf is svc's wait: the table's probe at its main port, published on
// cfg.Host. A service asked through another (Via) gets its wait once that
// one runs (viaProbe): nil here.
func probeOf(cfg Config, s services.Service) *ProbeStrategy {
	if s.Via != "" {
		return nil
	}
	ps := ForProbe(s.Asks, tcp(mainPort(cfg, s.Name)), s.Ready).WithStartupTimeout(startTimeout)
	ps.Host = cfg.Host
	return ps
}

// viaProbe is s's wait through the address of the service it is asked through.
func viaProbe(s services.Service, addr string) *ProbeStrategy {
	ps := ForProbe(s.Asks, "", s.Ready).WithStartupTimeout(startTimeout)
	ps.Addr = addr
	return ps
}

// Labels put on every container of a stack.
const (
	LabelStack   = "org.fullstack-lab.stack"
	LabelService = "org.fullstack-lab.service"
)

// Requests builds the stack's container requests, one per Services entry
// and in that order. It is a pure function of cfg: nothing runs.
func Requests(cfg Config) ([]testcontainers.GenericContainerRequest, error) {
	cfg.Images = cfg.Images.withDefaults()
	if cfg.PrestoHeap == "" {
		cfg.PrestoHeap = "1G"
	}
	if cfg.BindIP == "" {
		cfg.BindIP = "127.0.0.1"
	}
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	build := map[string]func(Config) (testcontainers.ContainerRequest, error){
		"zookeeper": zookeeper,
		"kafka":     kafka,
		"namenode":  namenode,
		"datanode":  datanode,
		"metastore": metastore,
		"presto":    presto,
	}
	reqs := make([]testcontainers.GenericContainerRequest, 0, len(Services))
	for _, svc := range Services {
		r, err := build[svc](cfg)
		if err != nil {
			return nil, fmt.Errorf("%s request: %w", svc, err)
		}
		r.Name = cfg.container(svc)
		s, err := services.Lookup(svc)
		if err != nil {
			return nil, err
		}
		if ps := probeOf(cfg, s); ps != nil {
			r.WaitingFor = ps
		}
		r.Labels = map[string]string{}
		for k, v := range cfg.Labels {
			r.Labels[k] = v
		}
		r.Labels[LabelStack], r.Labels[LabelService] = cfg.Name, svc
		if len(r.ExposedPorts) > 0 {
			r.HostConfigModifier = bindTo(cfg.BindIP, r.ExposedPorts, r.HostConfigModifier)
		}
		// testcontainers' own lines (and its dump of a whole log when a wait
		// fails) stay out: Start reports progress, and a failure shows the log's tail.
		reqs = append(reqs, testcontainers.GenericContainerRequest{ContainerRequest: r, Started: true, Logger: tclog.NewNoopLogger()})
	}
	return reqs, nil
}

// params are the template values every container starts from: servers bind
// all interfaces and reach each other by network alias.
func params(cfg Config) fixtures.Params {
	return fixtures.Params{
		BindHost:            "0.0.0.0",
		ZooKeeperPort:       ZooKeeperPort,
		ZooKeeperDataDir:    "/var/lib/zookeeper/data",
		ZooKeeperConnect:    AliasZooKeeper + ":" + strconv.Itoa(ZooKeeperPort),
		KafkaBrokerID:       1,
		KafkaPort:           cfg.KafkaPort,
		KafkaAdvertisedHost: cfg.Host,
		KafkaLogDir:         "/var/lib/kafka/data",
		NameNodeHost:        AliasNameNode,
		NameNodePort:        NameNodePort,
		NameNodeHTTPPort:    NameNodeHTTPPort,
		NameNodeDir:         "/tmp/hadoop/dfs/name",
		DataNodeDir:         "/tmp/hadoop/dfs/data",
		DataNodePort:        cfg.DataNodePort,
		DataNodeHTTPPort:    DataNodeHTTPPort,
		DataNodeIPCPort:     DataNodeIPCPort,
		MetastoreHost:       AliasMetastore,
		MetastorePort:       MetastorePort,
		MetastoreWarehouse:  fmt.Sprintf("hdfs://%s:%d/user/hive/warehouse", AliasNameNode, NameNodePort),
		MetastoreDB:         "/tmp/metastore_db",
		PrestoPort:          PrestoPort,
		PrestoNodeID:        cfg.Name,
		PrestoDataDir:       "/tmp/presto-data",
		PrestoHeap:          cfg.PrestoHeap,
		HadoopConfDir:       prestoEtc + "/hadoop",
	}
}

// file renders the fixture template into a file copied into the container before it starts.
func file(template string, p fixtures.Params, dst string) (testcontainers.ContainerFile, error) {
	b, err := fixtures.Render(template, p)
	if err != nil {
		return testcontainers.ContainerFile{}, err
	}
	return testcontainers.ContainerFile{Reader: bytes.NewReader(b), ContainerFilePath: dst, FileMode: 0o644}, nil
}

// files renders several templates: pairs of template and destination.
func files(p fixtures.Params, pairs ...string) ([]testcontainers.ContainerFile, error) {
	var out []testcontainers.ContainerFile
	for i := 0; i+1 < len(pairs); i += 2 {
		f, err := file(pairs[i], p, pairs[i+1])
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// onNetwork attaches r to the stack's network under alias.
func onNetwork(r *testcontainers.ContainerRequest, cfg Config, alias string) {
	r.Networks = []string{cfg.Network}
	r.NetworkAliases = map[string][]string{cfg.Network: {alias}}
}

// pinned publishes the container's port on the host at the same number.
func pinned(port int) func(*container.HostConfig) {
	return func(hc *container.HostConfig) {
		p := network.MustParsePort(strconv.Itoa(port) + "/tcp")
		hc.PortBindings = network.PortMap{p: {{HostPort: strconv.Itoa(port)}}}
	}
}

// bindTo publishes every exposed port on the host address ip only, after
// the request's own modifier (which may pin host ports). Without it Docker
// publishes on 0.0.0.0 and :: — on a user-defined network whatever
// `dockerd --ip` says, and testcontainers' network.New drops the network's
// host-binding option — so every service would be open to the machine's network.
func bindTo(ip string, exposed []string, next func(*container.HostConfig)) func(*container.HostConfig) {
	addr := netip.MustParseAddr(ip)
	return func(hc *container.HostConfig) {
		if next != nil {
			next(hc)
		}
		if hc.PortBindings == nil {
			hc.PortBindings = network.PortMap{}
		}
		for _, e := range exposed {
			p := network.MustParsePort(e)
			bs := hc.PortBindings[p]
			if len(bs) == 0 {
				bs = []network.PortBinding{{}}
			}
			for i := range bs {
				bs[i].HostIP = addr
			}
			hc.PortBindings[p] = bs
		}
	}
}

func tcp(port int) string { return strconv.Itoa(port) + "/tcp" }
