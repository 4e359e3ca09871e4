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
	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/client"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
// removed, containers, network and volumes, by the next Sweep; a live
// owner's is kept.
func TestSweep(t *testing.T) {
	requireDocker(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cli, err := dockerClient()
	require.NoError(t, err)
	defer cli.Close()
	const image = "fullstack-lab/debian:bookworm"
	if _, err := cli.ImageInspect(ctx, image); err != nil {
		t.Skipf("%s is not built (lab images build): %v", image, err)
	}
	type made struct{ container, network, volume string }
	start := func(stackName, owner string) made {
		labels := map[string]string{containers.LabelStack: stackName, containers.LabelOwner: owner}
		nw, err := cli.NetworkCreate(ctx, stackName, client.NetworkCreateOptions{Labels: labels})
		require.NoError(t, err)
		vol, err := cli.VolumeCreate(ctx, client.VolumeCreateOptions{Name: stackName + "-data", Labels: labels})
		require.NoError(t, err)
		c, err := cli.ContainerCreate(ctx, client.ContainerCreateOptions{Name: stackName + "-sleep",
			Config:     &container.Config{Image: image, Cmd: []string{"sleep", "600"}, Labels: labels},
			HostConfig: &container.HostConfig{NetworkMode: container.NetworkMode(stackName), Binds: []string{vol.Volume.Name + ":/data"}}})
		require.NoError(t, err)
		_, err = cli.ContainerStart(ctx, c.ID, client.ContainerStartOptions{})
		require.NoError(t, err)
		return made{c.ID, nw.ID, vol.Volume.Name}
	}
	dead := start("lab-sweeptest-dead", deadOwner(t))
	host, _ := os.Hostname()
	alive := start("lab-sweeptest-alive", fmt.Sprintf("%s/%d/", host, os.Getpid()))
	t.Cleanup(func() {
		cli.ContainerRemove(context.Background(), alive.container, client.ContainerRemoveOptions{Force: true})
		cli.NetworkRemove(context.Background(), alive.network, client.NetworkRemoveOptions{})
		cli.VolumeRemove(context.Background(), alive.volume, client.VolumeRemoveOptions{Force: true})
	})

	var lines []string
	require.NoError(t, containers.OptionsFromEnv().Sweep(ctx, func(f string, a ...any) { lines = append(lines, fmt.Sprintf(f, a...)) }))
	assert.Contains(t, strings.Join(lines, "\n"), "swept      stack lab-sweeptest-dead")
	assert.NotContains(t, strings.Join(lines, "\n"), "lab-sweeptest-alive")

	_, err = cli.ContainerInspect(ctx, dead.container, client.ContainerInspectOptions{})
	assert.Error(t, err, "the dead owner's container is removed")
	_, err = cli.NetworkInspect(ctx, dead.network, client.NetworkInspectOptions{})
	assert.Error(t, err, "the dead owner's network is removed")
	_, err = cli.VolumeInspect(ctx, dead.volume, client.VolumeInspectOptions{})
	assert.Error(t, err, "the dead owner's volume is removed")
	in, err := cli.ContainerInspect(ctx, alive.container, client.ContainerInspectOptions{})
	require.NoError(t, err)
	assert.True(t, in.Container.State.Running, "a live owner's container is kept")
	_, err = cli.VolumeInspect(ctx, alive.volume, client.VolumeInspectOptions{})
	assert.NoError(t, err, "a live owner's volume is kept")
}
