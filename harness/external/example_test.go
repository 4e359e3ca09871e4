package external_test

import (
	"fmt"
	"os"

	"github.com/fullstack-lab/fullstack-lab/harness/external"
)

// The addresses of the class's compose cluster, as fixtures/compose/external.env gives them.
func ExampleFromEnv() {
	vars := map[string]string{
		external.EnvKafka:     "localhost:9092",
		external.EnvWarehouse: "hdfs://localhost:8020",
		external.EnvMetastore: "localhost:9083",
		external.EnvPresto:    "http://localhost:8080",
	}
	for k, v := range vars {
		os.Setenv(k, v)
		defer os.Unsetenv(k)
	}
	cfg := external.FromEnv()
	fmt.Println(cfg.Kafka, cfg.Warehouse, cfg.Metastore, cfg.Presto)
	// Output:
	// [localhost:9092] hdfs://localhost:8020 localhost:9083 http://localhost:8080
}
