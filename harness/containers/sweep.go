package containers

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"

	"github.com/moby/moby/client"
)

// LabelOwner names the process that started a stack's containers and
// network (host/pid/start time): when it is gone, they are orphans.
const LabelOwner = "org.fullstack-lab.owner"

// owner is this process, as LabelOwner records it.
func owner() string {
	host, _ := os.Hostname()
	return OwnerOf(host, os.Getpid())
}

// OwnerOf is the LabelOwner value of the process pid of this machine, host:
// host/pid/start time.
func OwnerOf(host string, pid int) string {
	return fmt.Sprintf("%s/%d/%s", host, pid, startTime(pid))
}

// startTime is a process's start time in clock ticks since boot (field 22
// of /proc/PID/stat): with the pid it tells a process from a later one that
// reused its pid. Empty where /proc has none.
func startTime(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return ""
	}
	s := string(b)
	if i := strings.LastIndexByte(s, ')'); i >= 0 {
		if f := strings.Fields(s[i+1:]); len(f) > 19 {
			return f[19]
		}
	}
	return ""
}

// orphaned reports whether the owner recorded in a label has gone: a
// process of this machine that no longer runs (or whose pid another
// process took). Another machine's stacks (a shared engine) are never orphans here.
func orphaned(label string) bool {
	parts := strings.Split(label, "/")
	if len(parts) != 3 {
		return false
	}
	if host, _ := os.Hostname(); parts[0] != host {
		return false
	}
	pid, err := strconv.Atoi(parts[1])
	if err != nil || pid <= 0 {
		return false
	}
	if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
		return true
	}
	return parts[2] != "" && startTime(pid) != "" && startTime(pid) != parts[2]
}

// Sweep removes the containers, networks and volumes of stacks whose
// owner has gone (a test binary or a `lab up` killed with -9) from o's
// engine: Start runs it first, so a crash leaves nothing running after the
// next start. progress gets a line per stack removed (may be nil).
func (o Options) Sweep(ctx context.Context, progress func(string, ...any)) error {
	cli, err := o.client()
	if err != nil {
		return fmt.Errorf("sweep: %w", err)
	}
	defer cli.Close()
	return sweep(ctx, cli, progress)
}

func sweep(ctx context.Context, cli *client.Client, progress func(string, ...any)) error {
	f := make(client.Filters).Add("label", LabelStack)
	cs, err := cli.ContainerList(ctx, client.ContainerListOptions{All: true, Filters: f})
	if err != nil {
		return fmt.Errorf("sweep: list containers: %w", err)
	}
	var errs []error
	stacks := map[string]bool{}
	for _, c := range cs.Items {
		if !orphaned(c.Labels[LabelOwner]) {
			continue
		}
		stacks[c.Labels[LabelStack]] = true
		if _, err := cli.ContainerRemove(ctx, c.ID, client.ContainerRemoveOptions{Force: true, RemoveVolumes: true}); err != nil {
			errs = append(errs, fmt.Errorf("sweep: remove container %s: %w", strings.Join(c.Names, ","), err))
		}
	}
	ns, err := cli.NetworkList(ctx, client.NetworkListOptions{Filters: f})
	if err != nil {
		return fmt.Errorf("sweep: list networks: %w", err)
	}
	for _, n := range ns.Items {
		if !orphaned(n.Labels[LabelOwner]) {
			continue
		}
		stacks[n.Labels[LabelStack]] = true
		if _, err := cli.NetworkRemove(ctx, n.ID, client.NetworkRemoveOptions{}); err != nil {
			errs = append(errs, fmt.Errorf("sweep: remove network %s: %w", n.Name, err))
		}
	}
	vs, err := cli.VolumeList(ctx, client.VolumeListOptions{Filters: f})
	if err != nil {
		return fmt.Errorf("sweep: list volumes: %w", err)
	}
	for _, v := range vs.Items {
		if !orphaned(v.Labels[LabelOwner]) {
			continue
		}
		stacks[v.Labels[LabelStack]] = true
		if _, err := cli.VolumeRemove(ctx, v.Name, client.VolumeRemoveOptions{Force: true}); err != nil {
			errs = append(errs, fmt.Errorf("sweep: remove volume %s: %w", v.Name, err))
		}
	}
	for name := range stacks {
		if progress != nil {
			progress("swept      stack %s (its owner is gone)", name)
		}
	}
	return errors.Join(errs...)
}
