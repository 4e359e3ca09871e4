package external_test

import (
	"fmt"

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
	cfg := external.FromEnv(func(k string) string { return vars[k] })
	fmt.Println(cfg.Kafka, cfg.Warehouse, cfg.Metastore, cfg.Presto)
	// Output:
	// [localhost:9092] hdfs://localhost:8020 localhost:9083 http://localhost:8080
}
