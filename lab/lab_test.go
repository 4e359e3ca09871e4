package main_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// labBinary builds the lab command once per test binary.
var labBinary = func() func(t *testing.T) string {
	var path string
	return func(t *testing.T) string {
		t.Helper()
		if path != "" {
			return path
		}
		dir, err := os.MkdirTemp("", "labbin")
		require.NoError(t, err)
		p := filepath.Join(dir, "lab")
		out, err := exec.Command("go", "build", "-o", p, ".").CombinedOutput()
		require.NoError(t, err, "go build: %s", out)
		path = p
		return p
	}
}()

// lab runs the lab command with the stack's directory dir and returns its output.
func lab(t *testing.T, dir string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, labBinary(t), append(args, "--dir", dir)...)
	cmd.Env = append(os.Environ(), "LAB_STACK=embedded")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func mustLab(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, err := lab(t, dir, args...)
	require.NoError(t, err, "lab %s:\n%s", strings.Join(args, " "), out)
	return out
}

// up -d, status, serve, bench, tail, down; and a restarted stack keeps its topics.
func TestUpDown(t *testing.T) {
	dir := t.TempDir()
	t.Cleanup(func() { lab(t, dir, "down") })

	out, err := lab(t, dir, "status")
	require.Error(t, err)
	assert.Contains(t, out, "no stack is running in "+dir)

	out = mustLab(t, dir, "up", "-d")
	assert.Contains(t, out, "embedded stack in "+dir)
	assert.Regexp(t, `kafka +127\.0\.0\.1:\d+`, out)

	out, err = lab(t, dir, "up", "-d")
	require.Error(t, err, "a second stack in the same directory is refused")
	assert.Contains(t, out, "already runs in "+dir)

	out = mustLab(t, dir, "status")
	assert.Contains(t, out, "SERVICE")
	assert.Contains(t, out, "file://"+filepath.Join(dir, "warehouse"))

	// The game API, ab and kafkacat through the stack's state file.
	serve := exec.Command(labBinary(t), "serve", "--addr", "127.0.0.1:0", "--dir", dir)
	stdout, err := serve.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, serve.Start())
	t.Cleanup(func() { serve.Process.Kill(); serve.Wait() })
	buf := make([]byte, 512)
	n, err := stdout.Read(buf)
	require.NoError(t, err)
	url := regexpFind(t, `http://127\.0\.0\.1:\d+`, string(buf[:n]))

	out = mustLab(t, dir, "bench", "-n", "10", "-H", "Host: user1.comcast.com", url+"/purchase_a_sword")
	assert.Contains(t, out, "Complete requests:      10\n")
	assert.Contains(t, out, "Failed requests:        0\n")
	serve.Process.Signal(os.Interrupt)
	serve.Wait()

	out = mustLab(t, dir, "tail", "-t", "events", "-o", "beginning", "-e")
	assert.Equal(t, 10, strings.Count(out, `{"event_type": "purchase_sword", "Host": "user1.comcast.com"`), out)

	out = mustLab(t, dir, "down")
	assert.Contains(t, out, "stopped the embedded stack")
	_, err = lab(t, dir, "status")
	require.Error(t, err)

	// Up again: the topic and its events are still there.
	mustLab(t, dir, "up", "-d")
	out = mustLab(t, dir, "tail", "-t", "events", "-o", "beginning", "-e")
	assert.Equal(t, 10, strings.Count(out, `"event_type": "purchase_sword"`), out)
	mustLab(t, dir, "down")
}

func regexpFind(t *testing.T, pattern, s string) string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindString(s)
	require.NotEmpty(t, m, "no %s in %q", pattern, s)
	return m
}
