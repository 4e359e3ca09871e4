package containers_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/containers"
	"github.com/fullstack-lab/fullstack-lab/harness/stack"
	"github.com/moby/moby/client"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// envCrashHelper makes this test binary, run again by TestKilledStartLeavesNothing,
// start a containers stack and wait to be killed.
const envCrashHelper = "LAB_TEST_CONTAINERS_CRASH_HELPER"

// TestCrashHelper is the test binary that gets killed: it starts a stack
// (it never returns before the kill; run alone it skips).
func TestCrashHelper(t *testing.T) {
	if os.Getenv(envCrashHelper) != "1" {
		t.Skip("run by TestKilledStartLeavesNothing")
	}
	_, err := containers.Backend{Options: containers.OptionsFromEnv()}.Start(context.Background(), stack.Options{Dir: t.TempDir(), Progress: os.Stderr})
	t.Fatalf("the helper was not killed: %v", err)
}

// owned is what the engine holds labelled with owner (LabelOwner's host/pid/ prefix match).
func owned(ctx context.Context, t *testing.T, cli *client.Client, pid int) (cs, ns []string) {
	t.Helper()
	host, _ := os.Hostname()
	prefix := fmt.Sprintf("%s/%d/", host, pid)
	f := make(client.Filters).Add("label", containers.LabelOwner)
	cl, err := cli.ContainerList(ctx, client.ContainerListOptions{All: true, Filters: f})
	require.NoError(t, err)
	for _, c := range cl.Items {
		if strings.HasPrefix(c.Labels[containers.LabelOwner], prefix) {
			cs = append(cs, c.ID)
		}
	}
	nl, err := cli.NetworkList(ctx, client.NetworkListOptions{Filters: f})
	require.NoError(t, err)
	for _, n := range nl.Items {
		if strings.HasPrefix(n.Labels[containers.LabelOwner], prefix) {
			ns = append(ns, n.ID)
		}
	}
	return cs, ns
}

// startAndKill starts cmd, waits until the engine holds a container of it
// (its stack half started), kills it with SIGKILL and returns its pid.
func startAndKill(ctx context.Context, t *testing.T, cli *client.Client, cmd *exec.Cmd) (int, error) {
	var out harness.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	pid := cmd.Process.Pid
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	for {
		if cs, _ := owned(ctx, t, cli, pid); len(cs) > 0 {
			break
		}
		select {
		case <-exited:
			return 0, fmt.Errorf("%s exited before it started a container:\n%s", cmd.Path, out.String())
		case <-ctx.Done():
			cmd.Process.Kill()
			return 0, fmt.Errorf("%s started no container: %v\n%s", cmd.Path, ctx.Err(), out.String())
		case <-time.After(100 * time.Millisecond):
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		return 0, err
	}
	<-exited
	return pid, nil
}

// kill -9 of `lab up --stack containers` (the built binary) and of a test
// binary, each while its stack starts, leaves their containers and networks
// behind; the next `lab up` sweeps them at its start ("swept ... its owner is
// gone"), and nothing of theirs runs after it. (The next start is killed
// too once it has swept: its own leftovers go with the test's cleanup.)
func TestKilledStartLeavesNothing(t *testing.T) {
	requireStack(t)
	if testing.Short() {
		t.Skip("builds lab and starts stacks")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cli, err := dockerClient()
	require.NoError(t, err)
	defer cli.Close()

	lab := filepath.Join(t.TempDir(), "lab")
	build := exec.Command("go", "build", "-o", lab, "github.com/fullstack-lab/fullstack-lab/lab")
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build lab: %v\n%s", err, b)
	}
	up := func(dir string) *exec.Cmd {
		c := exec.Command(lab, "up", "--stack", "containers", "--dir", dir)
		c.Env = os.Environ()
		return c
	}

	// Both crashed starts side by side: the lab binary and this test binary.
	var wg sync.WaitGroup
	var upPID, testPID int
	var upErr, testErr error
	wg.Add(2)
	go func() {
		defer wg.Done()
		upPID, upErr = startAndKill(ctx, t, cli, up(t.TempDir()))
	}()
	go func() {
		defer wg.Done()
		helper := exec.Command(os.Args[0], "-test.run", "^TestCrashHelper$", "-test.count=1")
		// its temporary directories in one of ours: killed, it cannot remove them itself
		helper.Env = append(os.Environ(), envCrashHelper+"=1", "TMPDIR="+t.TempDir())
		testPID, testErr = startAndKill(ctx, t, cli, helper)
	}()
	wg.Wait()
	require.NoError(t, upErr, "lab up")
	require.NoError(t, testErr, "the test binary")
	for _, pid := range []int{upPID, testPID} {
		cs, ns := owned(ctx, t, cli, pid)
		require.NotEmpty(t, cs, "process %d left containers behind (what the sweep is for)", pid)
		require.NotEmpty(t, ns, "process %d left its network behind", pid)
	}

	// The next start sweeps them.
	next := up(t.TempDir())
	var out harness.Buffer
	next.Stdout, next.Stderr = &out, &out
	require.NoError(t, next.Start())
	t.Cleanup(func() {
		next.Process.Signal(syscall.SIGKILL)
		next.Wait()
		containers.OptionsFromEnv().Sweep(context.Background(), nil) // the next start's own leftovers
	})
	require.Eventually(t, func() bool { return strings.Count(out.String(), "swept ") >= 2 }, 3*time.Minute, 200*time.Millisecond,
		"the next lab up says it swept both stacks:\n%s", &out)
	for _, pid := range []int{upPID, testPID} {
		cs, ns := owned(ctx, t, cli, pid)
		assert.Empty(t, cs, "containers of killed process %d", pid)
		assert.Empty(t, ns, "networks of killed process %d", pid)
	}
}
