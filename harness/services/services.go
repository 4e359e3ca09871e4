package services

import (
	"context"
	"fmt"
	"slices"

	"github.com/fullstack-lab/fullstack-lab/harness/probe"
)

// Service is one service of the stack.
type Service struct {
	// Name is how the backends, the state file and `lab restart` call it.
	Name string
	// DependsOn are the services that must be ready before it starts.
	DependsOn []string
	// Templates are the fixtures (fixtures.Render names) its configuration is rendered from.
	Templates []string
	// Asks says what Ready asks, for messages and tests ("zookeeper ruok").
	Asks string
	// Ready asks the service once, over its protocol, whether it serves:
	// addr is the host:port of its main port as this machine reaches it
	// (Via's, when set).
	Ready func(ctx context.Context, addr string) error
	// Via names the service whose address Ready gets, for a service asked
	// through another (the DataNode, through the NameNode that hands out its blocks).
	Via string
}

var hadoop = []string{"hadoop/core-site.xml", "hadoop/hdfs-site.xml"}

// Table is every service, each after what it depends on. Presto depends
// on nothing to start: it reads the metastore and HDFS per query, so its
// JVM boots while they start (its readiness, an active worker, needs neither).
var Table = []Service{
	{Name: "zookeeper", Templates: []string{"zookeeper/zoo.cfg", "log4j/log4j.properties"},
		Asks: "zookeeper ruok", Ready: probe.ZooKeeper},
	{Name: "kafka", DependsOn: []string{"zookeeper"}, Templates: []string{"kafka/server.properties", "log4j/log4j.properties"},
		Asks: "kafka metadata", Ready: func(ctx context.Context, addr string) error { return probe.Kafka(ctx, []string{addr}) }},
	{Name: "namenode", Templates: hadoop,
		Asks: "namenode stat /", Ready: func(ctx context.Context, addr string) error { return probe.Warehouse(ctx, "hdfs://"+addr) }},
	{Name: "datanode", DependsOn: []string{"namenode"}, Templates: hadoop, Via: "namenode",
		Asks: "datanode takes a block", Ready: func(ctx context.Context, addr string) error { return probe.WarehouseWrite(ctx, "hdfs://"+addr) }},
	{Name: "metastore", DependsOn: []string{"datanode"}, Templates: append([]string{"hive/metastore-site.xml"}, hadoop...),
		Asks: "metastore get_all_databases", Ready: probe.Metastore},
	{Name: "presto", Templates: append([]string{"presto/config.properties", "presto/jvm.config", "presto/node.properties", "presto/catalog/hive.properties"}, hadoop...),
		Asks: "presto started with an active worker", Ready: func(ctx context.Context, addr string) error { return probe.Presto(ctx, "http://"+addr) }},
}

// Lookup returns the service called name.
func Lookup(name string) (Service, error) {
	for _, s := range Table {
		if s.Name == name {
			return s, nil
		}
	}
	return Service{}, fmt.Errorf("no service %q", name)
}

// Names are the services of Table, in its order, without skip.
func Names(skip ...string) []string {
	var out []string
	for _, s := range Table {
		if !slices.Contains(skip, s.Name) {
			out = append(out, s.Name)
		}
	}
	return out
}

// Chains splits Table (without skip, and without dependencies on what is
// skipped) into chains a backend starts side by side: each service after
// the one it depends on, in the chain of that one. A service depends on
// at most one other (the table is a forest), which Chains checks.
func Chains(skip ...string) ([][]string, error) {
	var chains [][]string
	where := map[string]int{} // service → its chain
	for _, s := range Table {
		if slices.Contains(skip, s.Name) {
			continue
		}
		var deps []string
		for _, d := range s.DependsOn {
			if !slices.Contains(skip, d) {
				deps = append(deps, d)
			}
		}
		switch len(deps) {
		case 0:
			where[s.Name] = len(chains)
			chains = append(chains, []string{s.Name})
		case 1:
			i, ok := where[deps[0]]
			if !ok {
				return nil, fmt.Errorf("service %s depends on %s, which comes later or is not in the table", s.Name, deps[0])
			}
			if c := chains[i]; c[len(c)-1] != deps[0] {
				return nil, fmt.Errorf("service %s depends on %s, which another service of its chain already follows", s.Name, deps[0])
			}
			where[s.Name] = i
			chains[i] = append(chains[i], s.Name)
		default:
			return nil, fmt.Errorf("service %s depends on %d services; a chain takes one", s.Name, len(deps))
		}
	}
	return chains, nil
}
