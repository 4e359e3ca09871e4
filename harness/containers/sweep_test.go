package containers_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness/containers"
	"github.com/moby/moby/client"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/testcontainers/testcontainers-go"
	tcnetwork "github.com/testcontainers/testcontainers-go/network"
)

// deadOwner is a LabelOwner value of a process of this machine that has exited.
func deadOwner(t *testing.T) string {
	t.Helper()
	cmd := exec.Command("true")
	require.NoError(t, cmd.Run())
	host, _ := os.Hostname()
	return fmt.Sprintf("%s/%d/1", host, cmd.Process.Pid)
}

// A stack whose owner died (kill -9 of a test binary or of `lab up`) is
// removed, containers and network, by the next Sweep; a live owner's is kept.
func TestSweep(t *testing.T) {
	requireDocker(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cli, err := testcontainers.NewDockerClientWithOpts(ctx)
	require.NoError(t, err)
	defer cli.Close()
	const image = "fullstack-lab/debian:bookworm"
	if _, err := cli.ImageInspect(ctx, image); err != nil {
		t.Skipf("%s is not built (lab images build): %v", image, err)
	}
	start := func(owner string) (testcontainers.Container, *testcontainers.DockerNetwork) {
		labels := map[string]string{containers.LabelStack: "lab-sweeptest", containers.LabelOwner: owner}
		nw, err := tcnetwork.New(ctx, tcnetwork.WithLabels(labels))
		require.NoError(t, err)
		c, err := testcontainers.GenericContainer(ctx, testcontainers.GenericContainerRequest{Started: true,
			ContainerRequest: testcontainers.ContainerRequest{Image: image, Cmd: []string{"sleep", "600"},
				Labels: labels, Networks: []string{nw.Name}}})
		require.NoError(t, err)
		return c, nw
	}
	dead, deadNet := start(deadOwner(t))
	host, _ := os.Hostname()
	alive, aliveNet := start(fmt.Sprintf("%s/%d/", host, os.Getpid()))
	t.Cleanup(func() {
		testcontainers.TerminateContainer(alive)
		aliveNet.Remove(context.Background())
	})

	var lines []string
	require.NoError(t, containers.Sweep(ctx, func(f string, a ...any) { lines = append(lines, fmt.Sprintf(f, a...)) }))
	assert.Contains(t, strings.Join(lines, "\n"), "swept      stack lab-sweeptest")

	_, err = cli.ContainerInspect(ctx, dead.GetContainerID(), client.ContainerInspectOptions{})
	assert.Error(t, err, "the dead owner's container is removed")
	ns, err := cli.NetworkList(ctx, client.NetworkListOptions{Filters: make(client.Filters).Add("name", deadNet.Name)})
	require.NoError(t, err)
	assert.Empty(t, ns.Items, "the dead owner's network is removed")
	st, err := alive.State(ctx)
	require.NoError(t, err)
	assert.True(t, st.Running, "a live owner's container is kept")
}
