package main

import (
	"os"

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
}

func init() {
	for i := range externalFlags {
		f := &externalFlags[i]
		root.PersistentFlags().StringVar(&f.value, f.name, "", f.usage)
	}
	// The flags become the variables, which the external backend reads when
	// it starts, here or in the `lab up` that `lab up -d` runs in the background.
	cobra.OnInitialize(func() {
		for _, f := range externalFlags {
			if f.value != "" {
				os.Setenv(f.env, f.value)
			}
		}
	})
}
