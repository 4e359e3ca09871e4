package containers

import (
	"context"
	"fmt"
	"time"

	"github.com/testcontainers/testcontainers-go"
)

// Available reports whether a Docker engine answers, as testcontainers-go
// finds it (DOCKER_HOST, the Docker context, the usual sockets). The error
// wraps ErrNoDocker and is one line saying why and what to do.
func Available(ctx context.Context) (err error) {
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
		return fmt.Errorf("%w: %v%s", ErrNoDocker, err, hint)
	}
	defer p.Close()
	if err := p.Health(ctx); err != nil {
		return fmt.Errorf("%w: %v%s", ErrNoDocker, err, hint)
	}
	return nil
}

const hint = " (start Docker or set DOCKER_HOST; without Docker use --stack local or embedded)"

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
