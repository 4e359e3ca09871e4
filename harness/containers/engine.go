package containers

import (
	"os"
	"strings"
	"sync"
)

// LabSocket is the socket of the lab's own Docker engine, the one
// fixtures/images/dockerd.sh starts beside the machine's (CI runs it).
const LabSocket = "/tmp/lab-docker/docker.sock"

// defaultSocket is where a machine's own Docker engine listens.
const defaultSocket = "/var/run/docker.sock"

var engineOnce sync.Once

// useEngine points testcontainers-go at the Docker engine, once per process
// and before its first use (it reads its settings once, from the
// environment): host when given (a DOCKER_HOST value), else DOCKER_HOST,
// else the machine's engine, else the lab's own engine when its socket
// exists. Ryuk, testcontainers' reaper, is off unless asked for (its image
// comes from Docker Hub; the stack's containers are removed by label
// instead, see Sweep). Inside a container (/.dockerenv), a local socket's
// published ports are reached at 127.0.0.1, not at the default gateway
// testcontainers would guess.
func useEngine(host string) {
	engineOnce.Do(func() {
		setDefault := func(k, v string) {
			if _, ok := os.LookupEnv(k); !ok {
				os.Setenv(k, v)
			}
		}
		if host != "" {
			os.Setenv("DOCKER_HOST", host)
		} else if os.Getenv("DOCKER_HOST") == "" && !exists(defaultSocket) && exists(LabSocket) {
			os.Setenv("DOCKER_HOST", "unix://"+LabSocket)
		}
		setDefault("TESTCONTAINERS_RYUK_DISABLED", "true")
		if h := os.Getenv("DOCKER_HOST"); (h == "" || strings.HasPrefix(h, "unix://")) && exists("/.dockerenv") {
			setDefault("TESTCONTAINERS_HOST_OVERRIDE", "127.0.0.1")
		}
	})
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
