package containers_test

import (
	"fmt"
	"strings"

	"github.com/fullstack-lab/fullstack-lab/harness/containers"
)

// The stack's containers, in start order, without Docker: the requests are data.
func ExampleRequests() {
	reqs, err := containers.Requests(containers.Config{
		Name: "lab-demo", Network: "lab-net", Host: "127.0.0.1", KafkaPort: 39092, DataNodePort: 39866,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range reqs {
		alias, ports := strings.Join(r.NetworkAliases["lab-net"], ","), strings.Join(r.ExposedPorts, " ")
		if alias == "" {
			alias, ports = "-", "(in the namenode's network namespace)"
		}
		fmt.Printf("%-18s %-32s %-10s %s\n", r.Name, r.Image, alias, ports)
	}
	// Output:
	// lab-demo-zookeeper fullstack-lab/kafka:3.9.1        zookeeper  2181/tcp
	// lab-demo-kafka     fullstack-lab/kafka:3.9.1        kafka      39092/tcp
	// lab-demo-namenode  fullstack-lab/hadoop:3.4.1       namenode   8020/tcp 9870/tcp 39866/tcp 9864/tcp
	// lab-demo-datanode  fullstack-lab/hadoop:3.4.1       -          (in the namenode's network namespace)
	// lab-demo-metastore fullstack-lab/hive:3.1.3         metastore  9083/tcp
	// lab-demo-presto    fullstack-lab/presto:0.287       presto     8080/tcp
}
