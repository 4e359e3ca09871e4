package external

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness/probe"
	"github.com/fullstack-lab/fullstack-lab/harness/stack"
)

// Environment variables that give the services' addresses. The lab's
// --kafka, --warehouse, --metastore and --presto flags set them.
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
	// Locations is EnvLocations (may be empty).
	Locations string
	// Timeout bounds each service's check (default 10 s).
	Timeout time.Duration
}

// FromEnv reads the Config from LAB_KAFKA, LAB_WAREHOUSE, LAB_METASTORE and LAB_PRESTO.
func FromEnv() Config {
	var c Config
	for _, b := range strings.Split(os.Getenv(EnvKafka), ",") {
		if b = strings.TrimSpace(b); b != "" {
			c.Kafka = append(c.Kafka, b)
		}
	}
	c.Warehouse = strings.TrimSpace(os.Getenv(EnvWarehouse))
	c.Metastore = strings.TrimSpace(os.Getenv(EnvMetastore))
	c.Presto = strings.TrimRight(strings.TrimSpace(os.Getenv(EnvPresto)), "/")
	c.Locations = strings.TrimSpace(os.Getenv(EnvLocations))
	return c
}

// Backend is the external backend. A nil Config reads the environment when
// the stack starts, so flags set just before take effect.
type Backend struct {
	Config *Config
}

// Name implements stack.Backend.
func (Backend) Name() string { return stack.External }

// Start implements stack.Backend: it starts nothing, but checks that every
// service given answers over its protocol, and fails naming the variable to fix.
func (b Backend) Start(ctx context.Context, opts stack.Options) (stack.Running, error) {
	cfg := FromEnv()
	if b.Config != nil {
		cfg = *b.Config
	}
	return Start(ctx, cfg, opts)
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
		return nil, fmt.Errorf("%s %w: give the Kafka brokers (host:port,...) with --kafka or %s", EnvKafka, ErrUnset, EnvKafka)
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
