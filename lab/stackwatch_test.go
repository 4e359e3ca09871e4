package main_test

import (
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lab serve and lab stream, started against a stack, exit with a clear
// message when lab down stops it, instead of answering 503 forever.
func TestServeStreamStopWithStack(t *testing.T) {
	dir := t.TempDir()
	t.Cleanup(func() { lab(t, dir, "down") })
	mustLab(t, dir, "up", "-d")

	start := func(args ...string) (*exec.Cmd, *harness.Buffer, chan error) {
		cmd := exec.Command(labBinary(t), append(args, "--dir", dir)...)
		out := &harness.Buffer{}
		cmd.Stdout, cmd.Stderr = out, out
		require.NoError(t, cmd.Start())
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		t.Cleanup(func() { cmd.Process.Kill() })
		return cmd, out, done
	}
	_, serveOut, serveDone := start("serve", "--addr", "127.0.0.1:0")
	_, streamOut, streamDone := start("stream", "--trigger", "200ms")
	require.Eventually(t, func() bool {
		return strings.Contains(serveOut.String(), "Serving the game API") && strings.Contains(streamOut.String(), "Ctrl-C to stop")
	}, time.Minute, 50*time.Millisecond)

	mustLab(t, dir, "down")
	for _, p := range []struct {
		name string
		done chan error
		out  *harness.Buffer
	}{{"serve", serveDone, serveOut}, {"stream", streamDone, streamOut}} {
		select {
		case err := <-p.done:
			var ee *exec.ExitError
			require.ErrorAs(t, err, &ee, "lab %s exits with a failure", p.name)
			assert.Equal(t, 1, ee.ExitCode())
			assert.Contains(t, p.out.String(), "lab: "+p.name+": stack gone: the embedded stack in "+dir+" stopped (lab down)", p.name)
		case <-time.After(30 * time.Second):
			t.Fatalf("lab %s still runs 30 s after lab down:\n%s", p.name, p.out)
		}
	}
}
