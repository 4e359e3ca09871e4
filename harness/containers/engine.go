package containers

import (
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/moby/moby/client"
	"github.com/testcontainers/testcontainers-go"
	tclog "github.com/testcontainers/testcontainers-go/log"
)

// LabSocket is the socket of the lab's own Docker engine, the one
// fixtures/images/dockerd.sh starts beside the machine's (CI runs it).
const LabSocket = "/tmp/lab-docker/docker.sock"

// DefaultEngine is the machine's own Docker engine.
const DefaultEngine = "unix:///var/run/docker.sock"

// Options say which Docker engine the backend drives and where this
// machine reaches the ports it publishes. The zero value is the machine's
// engine, its ports at 127.0.0.1. Nothing here reads the environment:
// OptionsFromEnv does, once, at the edge (the CLI, the tests' defaults).
type Options struct {
	// Engine is the engine's address, as DOCKER_HOST spells it
	// (unix:///tmp/lab-docker/docker.sock, tcp://host:2375); empty: DefaultEngine.
	Engine string
	// PublishedHost is the address at which this machine reaches the ports
	// the containers publish; empty: 127.0.0.1 for a unix socket, else the
	// engine's host name.
	PublishedHost string
}

// OptionsFromEnv reads the environment's say, as the docker CLI and
// testcontainers-go do: DOCKER_HOST, else the machine's engine, else the
// lab's own engine when only its socket exists; TESTCONTAINERS_HOST_OVERRIDE
// for the published host.
func OptionsFromEnv() Options {
	o := Options{Engine: os.Getenv("DOCKER_HOST"), PublishedHost: os.Getenv("TESTCONTAINERS_HOST_OVERRIDE")}
	if o.Engine == "" && !exists(strings.TrimPrefix(DefaultEngine, "unix://")) && exists(LabSocket) {
		o.Engine = "unix://" + LabSocket
	}
	return o
}

// engine is o.Engine or DefaultEngine.
func (o Options) engine() string {
	if o.Engine == "" {
		return DefaultEngine
	}
	return o.Engine
}

// publishedHost is where this machine reaches published ports. For a
// socket of this machine that is 127.0.0.1 (the stack binds nothing else),
// also inside a container (/.dockerenv), where testcontainers-go would guess
// the default gateway.
func (o Options) publishedHost() (string, error) {
	if o.PublishedHost != "" {
		return o.PublishedHost, nil
	}
	u, err := url.Parse(o.engine())
	if err != nil {
		return "", fmt.Errorf("%w: docker engine %q: %v", ErrConfig, o.Engine, err)
	}
	switch u.Scheme {
	case "unix", "npipe":
		return "127.0.0.1", nil
	case "tcp", "http", "https", "ssh":
		if h := u.Hostname(); h != "" && h != "localhost" {
			return h, nil
		}
		return "127.0.0.1", nil
	}
	return "", fmt.Errorf("%w: docker engine %q: scheme %q (want unix:// or tcp://)", ErrConfig, o.Engine, u.Scheme)
}

// client is a Docker API client of the engine (the API version negotiated).
func (o Options) client() (*client.Client, error) {
	c, err := client.New(client.WithHost(o.engine()))
	if err != nil {
		return nil, fmt.Errorf("%w: docker engine %q: %v%s", ErrNoDocker, o.engine(), err, hint)
	}
	return c, nil
}

// provider is testcontainers-go's Docker provider driving the engine
// through o's client, its log lines silenced (Start reports progress).
//
// testcontainers-go v0.45 takes no engine address in code: NewDockerProvider
// discovers one (DOCKER_HOST, ~/.testcontainers.properties, the default
// socket), and its reaper setting (Ryuk) is process-wide, from
// TESTCONTAINERS_RYUK_DISABLED or the properties file. The provider's
// client is replaced by o's, so every container goes to o's engine whatever
// was discovered; discovery must still find some engine, and the reaper,
// when not disabled, needs its image (testcontainers/ryuk) from a registry.
func (o Options) provider(cli *client.Client) (*testcontainers.DockerProvider, error) {
	p, err := testcontainers.NewDockerProvider(testcontainers.Generic2DockerOptions(testcontainers.WithLogger(tclog.NewNoopLogger()))...)
	if err != nil {
		return nil, fmt.Errorf("%w: testcontainers-go found no engine: %s (it reads DOCKER_HOST; set it to %s)", ErrNoDocker, oneLine(err), o.engine())
	}
	p.Close() // the discovered engine's client
	p.SetClient(cli)
	return p, nil
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
