package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/fullstack-lab/fullstack-lab/harness/embedded"
	"github.com/fullstack-lab/fullstack-lab/harness/stack"
)

// sparkEnv is what the job's environment gets from the stack: the Kafka
// bootstrap servers as the class's game_api.py takes them, the venv's Python
// for the workers, UTC for the JVM, the lab's log configuration.
func sparkEnv(st stack.State, venv, java, confDir string) []string {
	return []string{
		"KAFKA_BOOTSTRAP=" + st.KafkaBrokers(),
		"PYSPARK_PYTHON=" + filepath.Join(venv, "bin", "python"),
		"PYSPARK_DRIVER_PYTHON=" + filepath.Join(venv, "bin", "python"),
		"JAVA_HOME=" + javaHome(java),
		"SPARK_CONF_DIR=" + confDir,
		"TZ=UTC",
		"SPARK_LOCAL_IP=127.0.0.1",
	}
}

// sparkConf points Spark at the stack: the warehouse as the default
// filesystem, the metastore for Hive support, UTC session time, no web UI.
// A file:// warehouse (the embedded stack) is seen through a viewfs mount
// table, embedded.SparkFS, whose /tmp and /user lead into the warehouse
// directory: the jobs' /tmp/purchases is the warehouse's, as on HDFS, and
// Spark's working directory /user/$USER is too. (The embedded metastore
// records a table Spark creates there at the warehouse's file:// URI.)
func sparkConf(st stack.State) []string {
	conf := map[string]string{
		"spark.sql.session.timeZone":                    "UTC",
		"spark.driver.extraJavaOptions":                 "-Duser.timezone=UTC",
		"spark.executor.extraJavaOptions":               "-Duser.timezone=UTC",
		"spark.ui.enabled":                              "false",
		"spark.driver.host":                             "127.0.0.1",
		"spark.driver.bindAddress":                      "127.0.0.1",
		"spark.hadoop.fs.defaultFS":                     st.Warehouse,
		"spark.sql.warehouse.dir":                       "/user/hive/warehouse",
		"spark.sql.shuffle.partitions":                  "2",
		"spark.hadoop.dfs.client.use.datanode.hostname": "false",
	}
	if strings.HasPrefix(st.Warehouse, "file://") {
		root := strings.TrimSuffix(st.Warehouse, "/")
		table := "spark.hadoop.fs.viewfs.mounttable." + strings.TrimSuffix(strings.TrimPrefix(embedded.SparkFS, "viewfs://"), "/")
		conf["spark.hadoop.fs.defaultFS"] = embedded.SparkFS
		conf[table+".link./tmp"] = root + "/tmp"
		conf[table+".link./user"] = root + "/user"
		conf[table+".linkFallback"] = root
	}
	if st.Metastore != "" {
		conf["spark.hadoop.hive.metastore.uris"] = "thrift://" + st.Metastore
	}
	keys := make([]string, 0, len(conf))
	for k := range conf {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var argv []string
	for _, k := range keys {
		argv = append(argv, "--conf", k+"="+conf[k])
	}
	return argv
}

// mountDirs makes the directories a file:// warehouse's viewfs links lead
// to (see sparkConf).
func mountDirs(st stack.State) error {
	root, ok := strings.CutPrefix(st.Warehouse, "file://")
	if !ok {
		return nil
	}
	for _, d := range []string{"tmp", "user"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			return fmt.Errorf("spark-submit: warehouse: %w", err)
		}
	}
	return nil
}

// javaHome is the JDK that java (a path) belongs to.
func javaHome(java string) string {
	if p, err := filepath.EvalSymlinks(java); err == nil {
		java = p
	}
	return filepath.Dir(filepath.Dir(java))
}

// progressLogger is the logger whose INFO lines carry a streaming query's
// progress reports (read by sparkProgress).
const progressLogger = "org.apache.spark.sql.execution.streaming.MicroBatchExecution"

// log4j2Conf is Spark's log configuration under lab spark-submit: level
// (Spark's own default is info) on stderr, the streaming progress reports
// always (the lab reads them and prints one line per batch), and the
// warnings every run of these jobs prints for nothing quieted.
func log4j2Conf(level string) []byte {
	return []byte(`# written by lab spark-submit
rootLogger.level = ` + level + `
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n%ex
logger.progress.name = ` + progressLogger + `
logger.progress.level = info
logger.kafkaconsumer.name = org.apache.spark.sql.kafka010.consumer.KafkaDataConsumer
logger.kafkaconsumer.level = error
logger.native.name = org.apache.hadoop.util.NativeCodeLoader
logger.native.level = error
logger.adminconfig.name = org.apache.kafka.clients.admin.AdminClientConfig
logger.adminconfig.level = error
`)
}

// writeConfDir writes SPARK_CONF_DIR (log4j2.properties) for level under
// the install's directory and returns it.
func writeConfDir(installDir, level string) (string, error) {
	dir := filepath.Join(installDir, "conf-"+level)
	file := filepath.Join(dir, "log4j2.properties")
	want := log4j2Conf(level)
	if have, err := os.ReadFile(file); err == nil && bytes.Equal(have, want) {
		return dir, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("spark-submit: conf: %w", err)
	}
	tmp, err := os.CreateTemp(dir, "log4j2-*.tmp") // two jobs starting at once each write their own
	if err != nil {
		return "", fmt.Errorf("spark-submit: conf: %w", err)
	}
	_, err = tmp.Write(want)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), file)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("spark-submit: conf: %w", err)
	}
	return dir, nil
}
