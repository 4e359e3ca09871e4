package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The external stack: an embedded stack's services, given by flags, by an
// env file, or missing.
func TestUpExternal(t *testing.T) {
	services := t.TempDir()
	t.Cleanup(func() { lab(t, services, "down") })
	mustLab(t, services, "up", "-d")
	b, err := os.ReadFile(filepath.Join(services, "state.json"))
	require.NoError(t, err)
	var st struct {
		Kafka     []string `json:"kafka"`
		Warehouse string   `json:"warehouse"`
		Metastore string   `json:"metastore"`
		Presto    string   `json:"presto"`
	}
	require.NoError(t, json.Unmarshal(b, &st))

	dir := t.TempDir()
	t.Cleanup(func() { lab(t, dir, "down") })
	out := mustLab(t, dir, "up", "-d", "--stack", "external", "--kafka", st.Kafka[0], "--warehouse", st.Warehouse, "--metastore", st.Metastore)
	assert.Contains(t, out, "external stack in "+dir)
	assert.Regexp(t, `kafka +`+st.Kafka[0], out)
	out = mustLab(t, dir, "status")
	assert.Contains(t, out, "external stack in "+dir)
	assert.Contains(t, out, st.Warehouse)
	out = mustLab(t, dir, "down")
	assert.Contains(t, out, "stopped the external stack")

	// One command with an env file, as for the compose cluster; lab env writes one.
	out = mustLab(t, services, "env")
	assert.Equal(t, "# the embedded stack in "+services+", as an external stack\nLAB_STACK=external\nLAB_KAFKA="+st.Kafka[0]+
		"\nLAB_WAREHOUSE="+st.Warehouse+"\nLAB_METASTORE="+st.Metastore+"\nLAB_PRESTO="+st.Presto+"\n", out)
	env := filepath.Join(t.TempDir(), "external.env")
	require.NoError(t, os.WriteFile(env, []byte(out), 0o644))
	// (lab() sets LAB_STACK=embedded, which wins over the file's LAB_STACK.)
	out = mustLab(t, dir, "up", "-d", "--stack", "external", "--env-file", env)
	assert.Contains(t, out, "external stack in "+dir)
	mustLab(t, dir, "down")

	out, err = lab(t, dir, "up", "-d", "--stack", "external", "--warehouse", st.Warehouse)
	require.Error(t, err)
	assert.Contains(t, out, "LAB_KAFKA not set: give the Kafka brokers (host:port,...) with -b/--brokers or LAB_KAFKA")

	require.NoError(t, os.WriteFile(env, []byte("KAFKA=localhost:9092\n"), 0o644))
	out, err = lab(t, dir, "status", "--env-file", env)
	require.Error(t, err)
	assert.Contains(t, out, `env file `+env+`:1: want LAB_NAME=value, got "KAFKA=localhost:9092"`)
}
