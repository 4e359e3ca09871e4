package embedded

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/fullstack-lab/fullstack-lab/harness/embedded/metastore"
	"github.com/fullstack-lab/fullstack-lab/harness/embedded/presto"
	"github.com/fullstack-lab/fullstack-lab/harness/stack"
)

// Backend is the embedded backend.
type Backend struct{}

// Name implements stack.Backend.
func (Backend) Name() string { return stack.Embedded }

// Stack is a running embedded stack.
type Stack struct {
	Kafka *Kafka
	// WarehouseDir is the local directory that stands for HDFS: the
	// warehouse path /tmp/purchases is WarehouseDir/tmp/purchases.
	WarehouseDir string
	// Metastore is the in-process Hive Metastore (Restart it to test clients' recovery).
	Metastore *metastore.Server
	// Presto is the in-process Presto coordinator (DuckDB over the metastore's tables).
	Presto *presto.Server

	endpoints stack.Endpoints
	closers   []func() error
	// ports are the services' ports of the last start, taken again when free.
	ports *ports
}

// Start implements stack.Backend. Everything lives under opts.Dir.
func (Backend) Start(ctx context.Context, opts stack.Options) (stack.Running, error) {
	return Start(ctx, opts)
}

// Start starts the embedded stack with its data under opts.Dir.
func Start(ctx context.Context, opts stack.Options) (_ *Stack, err error) {
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("embedded stack dir: %w", err)
	}
	s := &Stack{WarehouseDir: filepath.Join(dir, "warehouse"), ports: readPorts(dir)}
	defer func() {
		if err != nil {
			s.Close()
		}
	}()
	progress := func(format string, args ...any) {
		if opts.Progress != nil {
			fmt.Fprintf(opts.Progress, format+"\n", args...)
		}
	}
	if err := os.MkdirAll(s.WarehouseDir, 0o755); err != nil {
		return nil, fmt.Errorf("create warehouse: %w", err)
	}
	if err := recoverWarehouse(s.WarehouseDir); err != nil {
		return nil, err
	}

	s.Kafka, err = StartKafka(filepath.Join(dir, "kafka"),
		WithKafkaPort(s.ports.port("kafka")), WithKafkaLog(opts.Progress))
	if err != nil {
		return nil, err
	}
	s.ports.set("kafka", s.Kafka.Addr())
	s.closers = append(s.closers, func() error { s.Kafka.Close(); return nil })
	progress("kafka      %s (kfake)", s.Kafka.Addr())

	s.endpoints = stack.Endpoints{
		Backend:   stack.Embedded,
		Kafka:     []string{s.Kafka.Addr()},
		Warehouse: "file://" + s.WarehouseDir,
		Services: []stack.Service{
			{Name: "kafka", Addr: s.Kafka.Addr()},
			{Name: "warehouse", Addr: "file://" + s.WarehouseDir},
		},
	}
	for _, start := range extraServices {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := start(ctx, s, dir, progress); err != nil {
			return nil, err
		}
	}
	s.ports.set("metastore", s.endpoints.Metastore)
	s.ports.set("presto", strings.TrimPrefix(s.endpoints.Presto, "http://"))
	if err := s.ports.save(); err != nil {
		progress("%v (the next start may take other ports)", err)
	}
	return s, nil
}

// extraServices are started after Kafka and the warehouse, in this order
// (Presto reads the metastore). Each adds its endpoint to s.endpoints and its
// closer to s.closers.
var extraServices = []func(ctx context.Context, s *Stack, dir string, progress func(string, ...any)) error{
	startMetastore,
	startPresto,
}

// Endpoints implements stack.Running.
func (s *Stack) Endpoints() stack.Endpoints { return s.endpoints }

// Close stops every service, the last started first.
func (s *Stack) Close() error {
	var errs []error
	for i := len(s.closers) - 1; i >= 0; i-- {
		errs = append(errs, s.closers[i]())
	}
	s.closers = nil
	return errors.Join(errs...)
}

// Restart implements stack.Restarter for the metastore, the embedded service
// whose state lives on disk apart from the process (the catalog file):
// it stops serving, reads the catalog back and serves it on the same address.
func (s *Stack) Restart(_ context.Context, service string) error {
	if service != "metastore" {
		return fmt.Errorf("restart %s: the embedded stack restarts only its metastore", service)
	}
	if s.Metastore == nil {
		return errors.New("restart metastore: it is not running")
	}
	if err := s.Metastore.Restart(); err != nil {
		return fmt.Errorf("restart metastore: %w", err)
	}
	return nil
}
