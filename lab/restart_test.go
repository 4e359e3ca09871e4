package main_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lab restart metastore: the tables outlive it, and a lab down and up too; a
// service the backend cannot restart is an error that says so; no stack, likewise.
func TestRestart(t *testing.T) {
	dir := t.TempDir()
	out, err := lab(t, dir, "restart", "metastore")
	require.Error(t, err)
	assert.Contains(t, out, "no stack is running in "+dir)

	t.Cleanup(func() { lab(t, dir, "down") })
	mustLab(t, dir, "up", "-d")
	mustLab(t, dir, "hive", "-e", "create database kept; create external table kept.swords (host string) stored as parquet location '/tmp/swords'")

	out = mustLab(t, dir, "restart", "metastore")
	assert.Regexp(t, `^restarted metastore of the embedded stack in `+dir+` \(\d+\.\d s\)\n$`, out)
	out = mustLab(t, dir, "hive", "-e", "show tables in kept")
	assert.Contains(t, out, "swords\n")

	out, err = lab(t, dir, "restart", "kafka")
	require.Error(t, err)
	assert.Equal(t, "lab: restart kafka: the embedded stack restarts only its metastore\n", out)

	// The whole stack stopped and started again: the catalog is in its directory.
	mustLab(t, dir, "down")
	mustLab(t, dir, "up", "-d")
	out = mustLab(t, dir, "hive", "-e", "describe kept.swords")
	assert.Regexp(t, `(?m)^host\s+string\s*$`, out)
}
