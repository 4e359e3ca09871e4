// Package stack is the lab's stack at run time, apart from the test API:
// what every backend provides (where its services listen), and the
// directory a running stack holds — its lock, its state file and the
// control endpoint of the `lab up` process — which `lab up`, `lab down`,
// `lab status` and harness.Start use.
package stack

import (
	"context"
	"io"
	"strings"

	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
)

// Backend names, as given to --stack and LAB_STACK.
const (
	Embedded   = "embedded"
	Local      = "local"
	Containers = "containers"
	External   = "external"
)

// Names lists the backends in the order --help shows them.
var Names = []string{Embedded, Local, Containers, External}

// Endpoints is where a running stack's services listen. It is what `lab up`
// writes to the state file and what every step is configured from.
type Endpoints struct {
	Backend string `json:"backend"`
	// Kafka is the bootstrap broker list, host:port each.
	Kafka []string `json:"kafka"`
	// Warehouse is the root of the warehouse filesystem: file:///abs/dir for
	// the embedded backend, hdfs://host:port for the others.
	Warehouse string `json:"warehouse"`
	// Locations is the warehouse's root as the stack's own services reach
	// it, which table locations record (hdfs://namenode:8020 inside the
	// containers' network); empty when it is Warehouse. Open the warehouse
	// with OpenWarehouse, which uses both.
	Locations string `json:"locations,omitempty"`
	// Metastore is the Hive Metastore's Thrift address, host:port.
	Metastore string `json:"metastore,omitempty"`
	// Presto is the Presto coordinator's base URL, http://host:port.
	Presto string `json:"presto,omitempty"`
	// Services lists every process or server of the stack, for `lab status`.
	Services []Service `json:"services,omitempty"`
}

// Service is one running part of a stack.
type Service struct {
	Name string `json:"name"`
	Addr string `json:"addr"`
	// PID is the process that runs it, 0 when it runs inside the lab process.
	PID int `json:"pid,omitempty"`
	// Log is the service's log file, if it has one.
	Log string `json:"log,omitempty"`
}

// OpenWarehouse connects to the warehouse from this machine (Warehouse),
// its URIs made with the services' address (Locations) when there is one:
// how the steps write files and register tables, whatever the backend.
func (e Endpoints) OpenWarehouse() (warehouse.FS, error) {
	return warehouse.Open(e.Warehouse, warehouse.WithLocations(e.Locations))
}

// KafkaBrokers returns the broker list joined by commas, as kafkacat's -b takes it.
func (e Endpoints) KafkaBrokers() string { return strings.Join(e.Kafka, ",") }

// Options configures a backend's start.
type Options struct {
	// Dir is the stack's own directory: state, data and logs live under it.
	Dir string
	// Progress receives one line per notable step of the start (may be nil).
	Progress io.Writer
}

// Backend starts the services of one kind of stack.
type Backend interface {
	// Name is the backend's name, one of Names.
	Name() string
	// Start brings every service up and returns once each is ready.
	// On error, whatever was started has been stopped.
	Start(ctx context.Context, opts Options) (Running, error)
}

// Running is a started stack.
type Running interface {
	Endpoints() Endpoints
	// Close stops every service and waits for them to exit.
	Close() error
}

// Restarter is a running stack that can restart one of its services in
// place: same address, same data, back once it answers again.
type Restarter interface {
	Restart(ctx context.Context, service string) error
}
