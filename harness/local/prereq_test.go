package local

import (
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPrerequisiteErrorsSayWhatToInstall(t *testing.T) {
	java, err := exec.LookPath("java")
	if err != nil {
		t.Skip("no java on this machine")
	}
	bin := t.TempDir()
	require.NoError(t, os.Symlink(java, filepath.Join(bin, "java")))

	t.Setenv("PATH", t.TempDir())
	_, _, err = checkPrerequisites("")
	require.ErrorIs(t, err, ErrPrerequisite)
	assert.EqualError(t, err, "missing prerequisite: Java 17 or newer is needed to run the services and none is on PATH: install it (apt install openjdk-17-jdk-headless) or set JAVA_HOME")

	t.Setenv("PATH", bin)
	_, _, err = checkPrerequisites("")
	assert.EqualError(t, err, "missing prerequisite: Maven is needed to fetch the services from Maven Central and is not on PATH: install it (apt install maven)")

	nowhere := t.TempDir()
	_, _, err = checkPrerequisites(nowhere)
	require.ErrorIs(t, err, ErrPrerequisite)
	assert.Contains(t, err.Error(), "JAVA_HOME="+nowhere+" has no working java")
}

func TestFindJDKRange(t *testing.T) {
	def := JDK{Home: "/jdk25", Java: "/jdk25/bin/java", Version: 25}
	j, err := findJDK(def, 17, 0)
	require.NoError(t, err)
	assert.Equal(t, def, j, "the default JDK is kept when it fits")

	old := jdkRoots
	jdkRoots = []string{t.TempDir()}
	defer func() { jdkRoots = old }()
	_, err = findJDK(def, 17, 21)
	require.ErrorIs(t, err, ErrPrerequisite)
	assert.Contains(t, err.Error(), "Java 17 to 21 is needed (the default is Java 25 at /jdk25")
}

func TestPortsAreKeptAcrossStarts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ports.json")
	first, err := allocatePorts(path)
	require.NoError(t, err)
	seen := map[int]bool{}
	for _, p := range first.all() {
		assert.False(t, seen[*p], "port %d given twice", *p)
		seen[*p] = true
	}
	again, err := allocatePorts(path)
	require.NoError(t, err)
	assert.Equal(t, first, again)

	// A port taken meanwhile is replaced; the others stay.
	l, err := net.Listen("tcp", loopback+":"+strconv.Itoa(first.Kafka))
	require.NoError(t, err)
	defer l.Close()
	third, err := allocatePorts(path)
	require.NoError(t, err)
	assert.NotEqual(t, first.Kafka, third.Kafka)
	third.Kafka = first.Kafka
	assert.Equal(t, first, third)
}

func TestFixDerbySchema(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "scripts", "metastore", "upgrade", "derby", "hive-schema-3.1.0.derby.sql")
	require.NoError(t, os.MkdirAll(filepath.Dir(script), 0o755))
	require.NoError(t, os.WriteFile(script, []byte(`CREATE TABLE "APP"."SD_PARAMS" ("SD_ID" BIGINT NOT NULL, "PARAM_KEY" VARCHAR(256) NOT NULL, "PARAM_VALUE" CLOB);
CREATE TABLE "APP"."TABLE_PARAMS" ("TBL_ID" BIGINT NOT NULL, "PARAM_KEY" VARCHAR(256) NOT NULL, "PARAM_VALUE" CLOB);
`), 0o644))
	fix := fixDerbySchema("hive-schema-3.1.0.derby.sql")
	require.NoError(t, fix(dir))
	b, err := os.ReadFile(script)
	require.NoError(t, err)
	assert.Equal(t, `CREATE TABLE "APP"."SD_PARAMS" ("SD_ID" BIGINT NOT NULL, "PARAM_KEY" VARCHAR(256) NOT NULL, "PARAM_VALUE" CLOB);
CREATE TABLE "APP"."TABLE_PARAMS" ("TBL_ID" BIGINT NOT NULL, "PARAM_KEY" VARCHAR(256) NOT NULL, "PARAM_VALUE" VARCHAR(32672));
`, string(b))
	err = fix(dir)
	assert.EqualError(t, err, "fix hive-schema-3.1.0.derby.sql: TABLE_PARAMS definition not found", "a second fix finds nothing to fix")
	assert.False(t, errors.Is(err, ErrPrerequisite))
}

func TestKeepPresto(t *testing.T) {
	for name, want := range map[string]bool{
		"lib/presto-main-0.287.jar":                 true,
		"lib/asm-9.0.jar":                           false,
		"plugin/hive-hadoop2/presto-hive-0.287.jar": true,
		"plugin/hive-hadoop2/asm-tree-9.0.jar":      false,
		"plugin/tpch/presto-tpch-0.287.jar":         true,
		"plugin/kudu/kudu-client.jar":               false,
		"bin/launcher":                              true,
	} {
		assert.Equal(t, want, keepPresto(name), name)
	}
}

func TestKafkaOption(t *testing.T) {
	k, err := Options{}.kafka()
	require.NoError(t, err)
	assert.Equal(t, kafkaDist{"3.9.1", "kafka", false}, k)
	k, err = Options{Kafka: "4"}.kafka()
	require.NoError(t, err)
	assert.Equal(t, kafkaDist{"4.1.2", "kafka4", true}, k)
	_, err = Options{Kafka: "2"}.kafka()
	require.ErrorIs(t, err, ErrOption)
	assert.EqualError(t, err, `local stack option: kafka "2" (LAB_LOCAL_KAFKA): choose 3 (Kafka 3.9.1 with ZooKeeper, the default) or 4 (Kafka 4.1.2 in KRaft mode)`)
	_, err = Options{Hive: "5"}.hive()
	assert.EqualError(t, err, `local stack option: hive "5" (LAB_LOCAL_HIVE): choose 3 (Hive 3.1.3, the default) or 4 (Hive 4.0.1)`)

	t.Setenv(EnvKafka, " 4 ")
	t.Setenv(EnvHive, "4")
	t.Setenv(EnvCache, "/tmp/lab-cache")
	t.Setenv("JAVA_HOME", "/opt/jdk")
	assert.Equal(t, Options{Kafka: "4", Hive: "4", Cache: "/tmp/lab-cache", JavaHome: "/opt/jdk"}, OptionsFromEnv())
}

// In KRaft mode nothing of ZooKeeper is rendered or made, and Kafka's log
// has a directory of its own.
func TestKRaftLayout(t *testing.T) {
	l := layout{dir: t.TempDir(), kraft: true}
	p := ports{Kafka: 9092, KafkaController: 9093}
	require.NoError(t, l.render(l.params(p)))
	b, err := os.ReadFile(l.conf("server-kraft.properties"))
	require.NoError(t, err)
	assert.Contains(t, string(b), "\ncontroller.quorum.voters=1@127.0.0.1:9093\n")
	assert.Contains(t, string(b), "\nlog.dirs="+l.data("kafka-kraft")+"\n")
	assert.FileExists(t, l.conf("log4j2.properties"))
	assert.NoFileExists(t, l.conf("zoo.cfg"))
	assert.NoDirExists(t, l.data("zookeeper"))
	assert.DirExists(t, l.data("kafka-kraft"))

	id := newClusterID()
	assert.Regexp(t, `^[A-Za-z0-9_][A-Za-z0-9_-]{21}$`, id)
	assert.NotEqual(t, id, newClusterID())
}
