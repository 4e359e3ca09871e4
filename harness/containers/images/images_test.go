package images

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/fullstack-lab/fullstack-lab/harness/local"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Each image is built from its Dockerfile in fixtures/images, on a base given as a build argument.
func TestDockerfiles(t *testing.T) {
	for _, img := range All() {
		if img.Name == "debian" {
			continue
		}
		files, err := fixtureFiles(img.Name)
		require.NoError(t, err, img.Name)
		var df string
		for _, f := range files {
			if f.rel == "Dockerfile" {
				df = string(f.data)
			}
		}
		require.NotEmpty(t, df, "%s has a Dockerfile", img.Name)
		if img.Name == "jre" {
			assert.Contains(t, df, "ARG BASE=")
			assert.Contains(t, df, "FROM ${BASE}")
		} else {
			assert.Contains(t, df, "ARG JRE=")
			assert.Contains(t, df, "FROM ${JRE}")
		}
	}
	assert.Equal(t, []string{"fullstack-lab/debian:bookworm", "fullstack-lab/jre:17", "fullstack-lab/kafka:3.9.1",
		"fullstack-lab/hadoop:3.4.1", "fullstack-lab/hive:3.1.3", "fullstack-lab/presto:0.287"}, refs(All()))
}

func refs(imgs []Image) []string {
	var out []string
	for _, i := range imgs {
		out = append(out, i.Ref)
	}
	return out
}

// The build context holds the local backend's files, without Logback (it
// would bind SLF4J before reload4j) and without the metastore's own conf/.
func TestContext(t *testing.T) {
	dir := t.TempDir()
	touch := func(p string) string {
		p = filepath.Join(dir, p)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(p), 0o644))
		return p
	}
	a := local.Artifacts{
		Kafka:     []string{touch("m2/kafka_2.13-3.9.1.jar"), touch("m2/logback-classic-1.2.13.jar"), touch("m2/slf4j-reload4j-1.7.36.jar")},
		Metastore: filepath.Join(dir, "metastore"),
	}
	touch("metastore/lib/hive-standalone-metastore-3.1.3.jar")
	touch("metastore/conf/metastore-log4j2.properties")
	kafka := contextFiles("kafka", a)
	assert.Equal(t, []link{{a.Kafka[0], "jars/kafka_2.13-3.9.1.jar"}, {a.Kafka[2], "jars/slf4j-reload4j-1.7.36.jar"}}, kafka)
	hive := contextFiles("hive", a)
	assert.Equal(t, []link{{filepath.Join(dir, "metastore/lib/hive-standalone-metastore-3.1.3.jar"), "metastore/lib/hive-standalone-metastore-3.1.3.jar"}}, hive)

	ctx := filepath.Join(dir, "ctx")
	require.NoError(t, makeContext(ctx, "kafka", kafka))
	for _, p := range []string{"Dockerfile", "bin/kafka-server-start", "bin/zookeeper-server-start", "log4j.properties", "jars/kafka_2.13-3.9.1.jar"} {
		_, err := os.Stat(filepath.Join(ctx, p))
		assert.NoError(t, err, p)
	}
	fi, err := os.Stat(filepath.Join(ctx, "bin/kafka-server-start"))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o755), fi.Mode().Perm(), "scripts are executable")

	// The inputs' digest changes with a file, the base image or a build arg, and only then.
	d1, err := inputs("kafka", "sha256:a", map[string]string{"JRE": "x"}, kafka)
	require.NoError(t, err)
	d2, _ := inputs("kafka", "sha256:a", map[string]string{"JRE": "x"}, kafka)
	assert.Equal(t, d1, d2)
	d3, _ := inputs("kafka", "sha256:b", map[string]string{"JRE": "x"}, kafka)
	assert.NotEqual(t, d1, d3)
	require.NoError(t, os.WriteFile(a.Kafka[0], []byte("a longer jar"), 0o644))
	d4, _ := inputs("kafka", "sha256:a", map[string]string{"JRE": "x"}, kafka)
	assert.NotEqual(t, d1, d4)
}

// No engine at the address: one clear error, nothing built.
func TestNoDocker(t *testing.T) {
	if _, err := exec.LookPath("docker"); err != nil {
		err := Build(context.Background(), Options{})
		require.ErrorIs(t, err, ErrNoDocker)
		assert.Contains(t, err.Error(), "apt-get install docker.io")
		return
	}
	sock := "unix://" + filepath.Join(t.TempDir(), "none.sock")
	for _, err := range []error{
		Build(context.Background(), Options{Docker: sock}),
		func() error { _, err := List(context.Background(), Options{Docker: sock}); return err }(),
	} {
		require.ErrorIs(t, err, ErrNoDocker)
		assert.Contains(t, err.Error(), "no Docker engine at "+sock)
		assert.Contains(t, err.Error(), "dockerd.sh start")
	}
}
