package containers

import (
	"context"
	"fmt"
	"strings"
	"time"

	cerrdefs "github.com/containerd/errdefs"

	"github.com/testcontainers/testcontainers-go"
)

// Available reports whether a Docker engine answers, as testcontainers-go
// finds it (DOCKER_HOST, the Docker context, the usual sockets). The error
// wraps ErrNoDocker and is one line saying why and what to do.
func Available(ctx context.Context) (err error) {
	return available(ctx, "")
}

// available is Available on the engine at host (a DOCKER_HOST value; "" as useEngine finds it).
func available(ctx context.Context, host string) (err error) {
	useEngine(host)
	defer func() {
		// testcontainers-go panics on some broken setups; that is "no Docker" too.
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v%s", ErrNoDocker, r, hint)
		}
	}()
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	p, err := testcontainers.ProviderDefault.GetProvider()
	if err != nil {
		return fmt.Errorf("%w: %s%s", ErrNoDocker, oneLine(err), hint)
	}
	defer p.Close()
	if err := p.Health(ctx); err != nil {
		return fmt.Errorf("%w: %s%s", ErrNoDocker, oneLine(err), hint)
	}
	return nil
}

// oneLine joins the lines of err's message (testcontainers' errors may span several).
func oneLine(err error) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(err.Error(), "\n", "; ")), " ")
}

const hint = " (start Docker or set DOCKER_HOST, or start the lab's own engine: sudo fixtures/images/dockerd.sh start; without Docker use --stack local or embedded)"

// daemonHost is the address at which this machine reaches the engine's
// published ports (TESTCONTAINERS_HOST_OVERRIDE, else the engine's host).
func daemonHost(ctx context.Context) (string, error) {
	p, err := testcontainers.NewDockerProvider()
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrNoDocker, err)
	}
	defer p.Close()
	h, err := p.DaemonHost(ctx)
	if err != nil {
		return "", fmt.Errorf("docker host: %w", err)
	}
	if h == "localhost" {
		h = "127.0.0.1"
	}
	return h, nil
}

// imagesPresent checks that the engine has the lab's own images of im
// (those named fullstack-lab/...), which no registry serves, and says which
// command builds them; other images are pulled at start as usual.
func imagesPresent(ctx context.Context, im Images) error {
	cli, err := testcontainers.NewDockerClientWithOpts(ctx)
	if err != nil {
		return fmt.Errorf("%w: %v%s", ErrNoDocker, err, hint)
	}
	defer cli.Close()
	var missing []string
	seen := map[string]bool{}
	for _, ref := range []string{im.ZooKeeper, im.Kafka, im.Hadoop, im.Hive, im.Presto} {
		if seen[ref] || !strings.HasPrefix(ref, labImagePrefix) {
			continue
		}
		seen[ref] = true
		if _, err := cli.ImageInspect(ctx, ref); err != nil {
			if cerrdefs.IsNotFound(err) {
				missing = append(missing, ref)
				continue
			}
			return fmt.Errorf("inspect image %s: %w", ref, err)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w: %s: build the lab's images with `lab images build` (once; needs root the first time, for debootstrap), or use the pinned public images with --images upstream where Docker Hub answers", ErrImageMissing, strings.Join(missing, ", "))
	}
	return nil
}

// labImagePrefix names the images `lab images build` makes.
const labImagePrefix = "fullstack-lab/"
