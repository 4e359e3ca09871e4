package containers

import (
	"strings"

	"github.com/testcontainers/testcontainers-go"
)

// Where the Confluent images read the lab's configs.
const (
	zooCfg       = "/etc/lab/zookeeper/zoo.cfg"
	kafkaProps   = "/etc/lab/kafka/server.properties"
	kafkaLog4j   = "/etc/lab/log4j.properties"
	kafkaLogOpts = "-Dlog4j.configuration=file:" + kafkaLog4j
)

// log4jConsole sends the Confluent images' logs to stdout, where the
// readiness strategies read them (their own log4j.properties is written by
// the entrypoint the lab's command replaces).
const log4jConsole = `log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
`

func log4jFile() testcontainers.ContainerFile {
	return testcontainers.ContainerFile{Reader: strings.NewReader(log4jConsole), ContainerFilePath: kafkaLog4j, FileMode: 0o644}
}

// zookeeper is ZooKeeper from the Confluent image, configured by fixtures/zookeeper/zoo.cfg.
func zookeeper(cfg Config) (testcontainers.ContainerRequest, error) {
	f, err := file("zookeeper/zoo.cfg", params(cfg), zooCfg)
	if err != nil {
		return testcontainers.ContainerRequest{}, err
	}
	r := testcontainers.ContainerRequest{
		Image:        cfg.Images.ZooKeeper,
		Cmd:          []string{"zookeeper-server-start", zooCfg},
		Env:          map[string]string{"KAFKA_LOG4J_OPTS": kafkaLogOpts, "KAFKA_HEAP_OPTS": "-Xms128m -Xmx256m"},
		ExposedPorts: []string{tcp(ZooKeeperPort)},
		Files:        []testcontainers.ContainerFile{f, log4jFile()},
	}
	onNetwork(&r, cfg, AliasZooKeeper)
	return r, nil
}
