package containers

import (
	"github.com/testcontainers/testcontainers-go"
)

// kafka is one broker in ZooKeeper mode from the Confluent image, configured
// by fixtures/kafka/server.properties. It listens on cfg.KafkaPort, published
// on the host at the same number, and advertises cfg.Host:cfg.KafkaPort: the
// address clients on this machine dial (the class's kafka:29092 only worked
// inside the compose network).
func kafka(cfg Config) (testcontainers.ContainerRequest, error) {
	f, err := file("kafka/server.properties", params(cfg), kafkaProps)
	if err != nil {
		return testcontainers.ContainerRequest{}, err
	}
	r := testcontainers.ContainerRequest{
		Image:              cfg.Images.Kafka,
		Cmd:                []string{"kafka-server-start", kafkaProps},
		Env:                map[string]string{"KAFKA_LOG4J_OPTS": kafkaLogOpts, "KAFKA_HEAP_OPTS": "-Xms256m -Xmx512m"},
		ExposedPorts:       []string{tcp(cfg.KafkaPort)},
		HostConfigModifier: pinned(cfg.KafkaPort),
		Files:              []testcontainers.ContainerFile{f, log4jFile()},
	}
	onNetwork(&r, cfg, AliasKafka)
	return r, nil
}
