package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/fullstack-lab/fullstack-lab/harness/backends"
	"github.com/fullstack-lab/fullstack-lab/harness/containers"
	"github.com/fullstack-lab/fullstack-lab/harness/external"
	"github.com/fullstack-lab/fullstack-lab/harness/stack"
	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
)

// globals are the settings that commands share, and the one place they are
// resolved: a flag given wins, then the environment (getenv), then the
// --env-file, then the default. Nothing here sets the environment.
type globals struct {
	getenv func(string) string

	// Root flags, on every command.
	stack, dir, envFile string
	fileEnv             map[string]string // the --env-file's variables, loaded by load

	// Endpoint flags, on the commands that use them (see addEndpoints).
	endpoints endpointFlags
}

// endpointFlags are the addresses of a stack's services as flags give them.
type endpointFlags struct {
	kafka, warehouse, metastore, presto, locations string
}

// setting names one endpoint flag, for addEndpoints.
type setting int

const (
	kafkaFlag setting = iota
	warehouseFlag
	metastoreFlag
	prestoFlag
	locationsFlag
)

// allEndpoints are the settings of a command that may start an external stack.
var allEndpoints = []setting{kafkaFlag, warehouseFlag, metastoreFlag, prestoFlag, locationsFlag}

func newGlobals(getenv func(string) string) *globals { return &globals{getenv: getenv} }

// addRootFlags adds the flags every command takes.
func (g *globals) addRootFlags(root *cobra.Command) {
	f := root.PersistentFlags()
	f.StringVar(&g.stack, "stack", "", "backend: embedded, local, containers or external (default $LAB_STACK, else embedded)")
	f.StringVar(&g.dir, "dir", "", "the stack's directory: state, data, logs (default $LAB_DIR, else ./.lab)")
	f.StringVar(&g.envFile, "env-file", "",
		"read LAB_* variables (LAB_STACK, LAB_KAFKA, ...) from this file, e.g. fixtures/compose/external.env; the environment and flags win")
}

// addEndpoints adds the endpoint flags of settings to a command that talks to
// the services (persistent, for a command with subcommands): a flag given
// wins over the running stack's address. One name per setting: the class's
// where the class had one (kafkacat's -b, the Presto CLI's --server); the
// lab's old names (--kafka, --presto) stay as hidden, deprecated aliases.
func (g *globals) addEndpoints(cmd *cobra.Command, persistent bool, settings ...setting) {
	f := cmd.Flags()
	if persistent {
		f = cmd.PersistentFlags()
	}
	g.endpointFlags(f, "(default: the running stack's)", settings)
}

// addStackEndpoints adds every endpoint flag to a command that may start an
// external stack (up, run, grade): a flag given wins over its LAB_* variable.
func (g *globals) addStackEndpoints(cmd *cobra.Command) {
	g.endpointFlags(cmd.Flags(), "of the external stack (default $%s)", allEndpoints)
}

func (g *globals) endpointFlags(f *pflag.FlagSet, whence string, settings []setting) {
	e := &g.endpoints
	usage := func(what, env string) string {
		if strings.Contains(whence, "%s") {
			return what + " " + fmt.Sprintf(whence, env)
		}
		return what + " " + whence
	}
	for _, s := range settings {
		switch s {
		case kafkaFlag:
			f.StringVarP(&e.kafka, "brokers", "b", "", usage("Kafka brokers, host:port,...", external.EnvKafka))
			f.StringVar(&e.kafka, "kafka", "", "deprecated: use -b/--brokers")
			f.MarkHidden("kafka")
		case warehouseFlag:
			f.StringVar(&e.warehouse, "warehouse", "", usage("warehouse root, hdfs://host:port or file:///dir", external.EnvWarehouse))
		case metastoreFlag:
			f.StringVar(&e.metastore, "metastore", "", usage("Hive Metastore Thrift address, host:port", external.EnvMetastore))
		case prestoFlag:
			f.StringVar(&e.presto, "server", "", usage("Presto coordinator, http://host:port or host:port", external.EnvPresto))
			f.StringVar(&e.presto, "presto", "", "deprecated: use --server")
			f.MarkHidden("presto")
		case locationsFlag:
			f.StringVar(&e.locations, "locations", "", usage("the warehouse as the services reach it, for table locations, when not --warehouse", external.EnvLocations))
		}
	}
}

// deprecated are the old names of settings, hidden, and the names to use.
var deprecated = map[string]string{"kafka": "-b/--brokers", "presto": "--server"}

// warnDeprecated says on cmd's error stream which old names the command line used.
func warnDeprecated(cmd *cobra.Command) {
	for old, use := range deprecated {
		if f := cmd.Flags().Lookup(old); f != nil && f.Changed {
			fmt.Fprintf(cmd.ErrOrStderr(), "lab: --%s is deprecated: use %s\n", old, use)
		}
	}
}

// load reads the --env-file, when one is given.
func (g *globals) load() error {
	if g.envFile == "" || g.fileEnv != nil {
		return nil
	}
	m, err := readEnvFile(g.envFile)
	if err != nil {
		return usageError(err)
	}
	g.fileEnv = m
	return nil
}

// env is the variable key: the environment's, else the --env-file's.
func (g *globals) env(key string) string {
	if v := strings.TrimSpace(g.getenv(key)); v != "" {
		return v
	}
	return g.fileEnv[key]
}

// stackName is the backend the user asked for.
func (g *globals) stackName() string {
	return firstOf(g.stack, g.env(stack.EnvStack), stack.Embedded)
}

// stackDir is the stack's directory.
func (g *globals) stackDir() string {
	return firstOf(g.dir, g.env(stack.EnvDir), stack.DefaultDir)
}

// attach reads the endpoints of the stack that `lab up` runs in the stack's directory.
func (g *globals) attach() (stack.State, error) {
	st, err := stack.ReadState(g.stackDir())
	if err != nil {
		return st, stackError(err)
	}
	return st, nil
}

// brokers returns the -b/--brokers list when given, else the running stack's Kafka.
func (g *globals) brokers() ([]string, error) {
	if g.endpoints.kafka != "" {
		return external.SplitBrokers(g.endpoints.kafka), nil
	}
	st, err := g.attach()
	if err != nil {
		return nil, fmt.Errorf("%w\n(or give the brokers with -b host:port)", err)
	}
	return st.Kafka, nil
}

// openWarehouse opens the --warehouse root when given, else the running stack's warehouse.
func (g *globals) openWarehouse() (warehouse.FS, error) {
	if root := g.endpoints.warehouse; root != "" {
		return warehouse.Open(root)
	}
	st, err := g.attach()
	if err != nil {
		return nil, fmt.Errorf("%w\n(or give the warehouse with --warehouse file:///dir or hdfs://host:port)", err)
	}
	return st.OpenWarehouse()
}

// metastore is --metastore when given, else the running stack's metastore ("" when it has none).
func (g *globals) metastore() (string, error) {
	if g.endpoints.metastore != "" {
		return g.endpoints.metastore, nil
	}
	st, err := g.attach()
	if err != nil {
		return "", fmt.Errorf("%w\n(or give the metastore with --metastore host:port)", err)
	}
	return st.Metastore, nil
}

// presto is --server when given, else the running stack's Presto.
func (g *globals) presto() (string, error) {
	if g.endpoints.presto != "" {
		return g.endpoints.presto, nil
	}
	return g.stackPresto()
}

// stackPresto is the running stack's Presto.
func (g *globals) stackPresto() (string, error) {
	st, err := g.attach()
	if err != nil {
		return "", err
	}
	if st.Presto == "" {
		return "", fmt.Errorf("the running %s stack has no Presto", st.Backend)
	}
	return st.Presto, nil
}

// externalConfig is the external stack's services: the flags, else the
// LAB_* variables (the environment, then the --env-file).
func (g *globals) externalConfig() external.Config {
	cfg := external.FromEnv(g.env)
	e := g.endpoints
	if e.kafka != "" {
		cfg.Kafka = external.SplitBrokers(e.kafka)
	}
	cfg.Warehouse = firstOf(e.warehouse, cfg.Warehouse)
	cfg.Metastore = firstOf(e.metastore, cfg.Metastore)
	cfg.Presto = strings.TrimRight(firstOf(e.presto, cfg.Presto), "/")
	cfg.Locations = firstOf(e.locations, cfg.Locations)
	return cfg
}

// externalVars are the external stack's services as LAB_* variables, for a
// process the lab starts (lab grade's go test).
func (g *globals) externalVars() []string {
	cfg := g.externalConfig()
	var vars []string
	for _, v := range []struct{ name, value string }{
		{external.EnvKafka, strings.Join(cfg.Kafka, ",")},
		{external.EnvWarehouse, cfg.Warehouse},
		{external.EnvMetastore, cfg.Metastore},
		{external.EnvPresto, cfg.Presto},
		{external.EnvLocations, cfg.Locations},
	} {
		if v.value != "" {
			vars = append(vars, v.name+"="+v.value)
		}
	}
	return vars
}

// externalArgs are the external stack's services as flags, for the `lab up`
// that `lab up -d` starts.
func (g *globals) externalArgs() []string {
	cfg := g.externalConfig()
	var args []string
	for _, a := range []struct{ flag, value string }{
		{"--brokers", strings.Join(cfg.Kafka, ",")},
		{"--warehouse", cfg.Warehouse},
		{"--metastore", cfg.Metastore},
		{"--server", cfg.Presto},
		{"--locations", cfg.Locations},
	} {
		if a.value != "" {
			args = append(args, a.flag, a.value)
		}
	}
	return args
}

// backend returns the backend called name: the external one over
// externalConfig, the containers one over the image set imageSet.
func (g *globals) backend(name, imageSet string) (stack.Backend, error) {
	switch name {
	case stack.External:
		return external.New(g.externalConfig()), nil
	case stack.Containers:
		set, err := containers.ImageSet(imageSet)
		if err != nil {
			return nil, usageError(err)
		}
		b, err := backends.Lookup(name)
		if err != nil {
			return nil, stackError(err)
		}
		cb := b.(containers.Backend) // the engine's options as the registry read them
		cb.Images = set
		return cb, nil
	}
	b, err := backends.Lookup(name)
	if err != nil {
		return nil, stackError(err)
	}
	return b, nil
}

func firstOf(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
