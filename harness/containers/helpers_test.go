package containers_test

import (
	"testing"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/containers"
	"github.com/moby/moby/client"
)

func TestMain(m *testing.M) { harness.Main(m) }

// dockerClient is a client of the engine the tests use (DOCKER_HOST, as
// containers.OptionsFromEnv finds it).
func dockerClient() (*client.Client, error) {
	host := containers.OptionsFromEnv().Engine
	if host == "" {
		host = containers.DefaultEngine
	}
	return client.New(client.WithHost(host))
}
