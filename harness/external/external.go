package external

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness/probe"
	"github.com/fullstack-lab/fullstack-lab/harness/stack"
)

// Environment variables that give the services' addresses, read at the
// edges only: the lab's flags' defaults and harness.Start's (see FromEnv).
const (
	EnvKafka     = "LAB_KAFKA"     // comma-separated brokers, host:port each
	EnvWarehouse = "LAB_WAREHOUSE" // hdfs://host:port or file:///dir
	EnvMetastore = "LAB_METASTORE" // Hive Metastore Thrift, host:port
	EnvPresto    = "LAB_PRESTO"    // Presto coordinator, http://host:port
	// EnvLocations is the warehouse's root as the services themselves reach
	// it, which table locations record, when it is not LAB_WAREHOUSE (in a
	// compose network: hdfs://namenode:8020). Optional.
	EnvLocations = "LAB_LOCATIONS"
)

// Config is where the external services listen. Kafka and Warehouse are
// required; Metastore and Presto may be empty when the steps that need them
// are not run.
type Config struct {
	Kafka     []string
	Warehouse string
	Metastore string
	Presto    string
	// Locations is the warehouse as the services reach it (EnvLocations; may be empty).
	Locations string
	// Timeout bounds each service's check (default 10 s).
	Timeout time.Duration
}

// FromEnv reads the Config from LAB_KAFKA, LAB_WAREHOUSE, LAB_METASTORE,
// LAB_PRESTO and LAB_LOCATIONS through getenv (os.Getenv at the edge).
func FromEnv(getenv func(string) string) Config {
	return Config{
		Kafka:     SplitBrokers(getenv(EnvKafka)),
		Warehouse: strings.TrimSpace(getenv(EnvWarehouse)),
		Metastore: strings.TrimSpace(getenv(EnvMetastore)),
		Presto:    strings.TrimRight(strings.TrimSpace(getenv(EnvPresto)), "/"),
		Locations: strings.TrimSpace(getenv(EnvLocations)),
	}
}

// SplitBrokers splits a host:port,... list, dropping blanks.
func SplitBrokers(list string) []string {
	var bs []string
	for _, b := range strings.Split(list, ",") {
		if b = strings.TrimSpace(b); b != "" {
			bs = append(bs, b)
		}
	}
	return bs
}

// Backend is the external backend over the services its Config names.
type Backend struct{ cfg Config }

// New returns the external backend over the services of cfg.
func New(cfg Config) Backend { return Backend{cfg: cfg} }

// Name implements stack.Backend.
func (Backend) Name() string { return stack.External }

// Start implements stack.Backend: it starts nothing, but checks that every
// service given answers over its protocol, and fails naming the setting to fix.
func (b Backend) Start(ctx context.Context, opts stack.Options) (stack.Running, error) {
	return Start(ctx, b.cfg, opts)
}

// Start checks the services of cfg and returns them as a running stack.
func Start(ctx context.Context, cfg Config, opts stack.Options) (stack.Running, error) {
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	progress := func(format string, args ...any) {
		if opts.Progress != nil {
			fmt.Fprintf(opts.Progress, format+"\n", args...)
		}
	}
	if len(cfg.Kafka) == 0 {
		return nil, fmt.Errorf("%s %w: give the Kafka brokers (host:port,...) with -b/--brokers or %s", EnvKafka, ErrUnset, EnvKafka)
	}
	if cfg.Warehouse == "" {
		return nil, fmt.Errorf("%s %w: give the warehouse (hdfs://host:port or file:///dir) with --warehouse or %s", EnvWarehouse, ErrUnset, EnvWarehouse)
	}
	ep := stack.Endpoints{Backend: stack.External, Kafka: cfg.Kafka, Warehouse: cfg.Warehouse, Metastore: cfg.Metastore, Presto: cfg.Presto, Locations: cfg.Locations}

	checks := []struct {
		name, env, addr string
		check           func(context.Context) error
	}{
		{"kafka", EnvKafka, strings.Join(cfg.Kafka, ","), func(ctx context.Context) error { return probe.Kafka(ctx, cfg.Kafka) }},
		{"warehouse", EnvWarehouse, cfg.Warehouse, func(ctx context.Context) error { return probe.Warehouse(ctx, cfg.Warehouse) }},
		{"metastore", EnvMetastore, cfg.Metastore, func(ctx context.Context) error { return probe.Metastore(ctx, cfg.Metastore) }},
		{"presto", EnvPresto, cfg.Presto, func(ctx context.Context) error {
			err := probe.Presto(ctx, cfg.Presto)
			if errors.Is(err, probe.ErrStarting) {
				return fmt.Errorf("%w; wait for it (docker compose up --wait) and try again", err)
			}
			return err
		}},
	}
	for _, c := range checks {
		if c.addr == "" {
			progress("%-10s (not given: %s unset)", c.name, c.env)
			continue
		}
		cctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
		err := c.check(cctx)
		cancel()
		if err != nil {
			return nil, fmt.Errorf("%s=%s: %s %w: %w", c.env, c.addr, c.name, ErrUnreachable, err)
		}
		progress("%-10s %s (external)", c.name, c.addr)
		ep.Services = append(ep.Services, stack.Service{Name: c.name, Addr: c.addr})
	}
	return running{ep}, nil
}

// running is a checked external stack; closing it leaves the services running.
type running struct{ ep stack.Endpoints }

func (r running) Endpoints() stack.Endpoints { return r.ep }
func (running) Close() error                 { return nil }
