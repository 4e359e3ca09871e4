package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"github.com/fullstack-lab/fullstack-lab/harness/external"
	"github.com/spf13/cobra"
)

// The external stack's addresses, as flags over LAB_KAFKA, LAB_WAREHOUSE,
// LAB_METASTORE and LAB_PRESTO (a flag given wins over its variable).
var externalFlags = []struct {
	name, env, usage string
	value            string
}{
	{"kafka", external.EnvKafka, "external stack: Kafka brokers, host:port,... (default $LAB_KAFKA)", ""},
	{"warehouse", external.EnvWarehouse, "external stack: warehouse root, hdfs://host:port or file:///dir (default $LAB_WAREHOUSE)", ""},
	{"metastore", external.EnvMetastore, "external stack: Hive Metastore Thrift address, host:port (default $LAB_METASTORE)", ""},
	{"presto", external.EnvPresto, "external stack: Presto coordinator, http://host:port (default $LAB_PRESTO)", ""},
	{"locations", external.EnvLocations, "external stack: the warehouse as the services reach it, for table locations, when not --warehouse (default $LAB_LOCATIONS)", ""},
}

// flagEnvFile is a file of LAB_* variables, such as fixtures/compose/external.env.
var flagEnvFile string

func init() {
	for i := range externalFlags {
		f := &externalFlags[i]
		root.PersistentFlags().StringVar(&f.value, f.name, "", f.usage)
	}
	root.PersistentFlags().StringVar(&flagEnvFile, "env-file", "",
		"read LAB_* variables (LAB_STACK, LAB_KAFKA, ...) from this file, e.g. fixtures/compose/external.env; the environment and flags win")
	// The flags become the variables, which the external backend reads when
	// it starts, here or in the `lab up` that `lab up -d` runs in the background.
	cobra.OnInitialize(func() {
		if flagEnvFile != "" {
			if err := loadEnvFile(flagEnvFile); err != nil {
				fmt.Fprintln(os.Stderr, "lab:", err)
				os.Exit(2)
			}
		}
		for _, f := range externalFlags {
			if f.value != "" {
				os.Setenv(f.env, f.value)
			}
		}
	})
}

// loadEnvFile sets the LAB_* variables of path (KEY=VALUE lines, # comments)
// that the environment does not set already.
func loadEnvFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("env file: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, val, ok := strings.Cut(strings.TrimPrefix(line, "export "), "=")
		key = strings.TrimSpace(key)
		if !ok || !strings.HasPrefix(key, "LAB_") {
			return fmt.Errorf("env file %s:%d: want LAB_NAME=value, got %q", path, n, line)
		}
		val = strings.Trim(strings.TrimSpace(val), `"'`)
		if _, set := os.LookupEnv(key); !set {
			os.Setenv(key, val)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("env file: %w", err)
	}
	return nil
}
