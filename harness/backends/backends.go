// Package backends names the lab's backends and finds one by name: what
// `lab up`, `lab grade` and harness.Start start a stack with.
package backends

import (
	"fmt"
	"os"
	"strings"

	"github.com/fullstack-lab/fullstack-lab/harness/containers"
	"github.com/fullstack-lab/fullstack-lab/harness/embedded"
	"github.com/fullstack-lab/fullstack-lab/harness/external"
	"github.com/fullstack-lab/fullstack-lab/harness/local"
	"github.com/fullstack-lab/fullstack-lab/harness/stack"
)

// backends maps each backend name to how it starts.
var backends = map[string]stack.Backend{
	stack.Embedded:   embedded.Backend{},
	stack.Containers: containers.Backend{Options: containers.OptionsFromEnv()},
	stack.External:   external.New(external.FromEnv(os.Getenv)), // harness.Start's default; lab builds its own from flags
	stack.Local:      local.Backend{Options: local.OptionsFromEnv()},
}

// Lookup returns the backend called name.
func Lookup(name string) (stack.Backend, error) {
	if b, ok := backends[name]; ok {
		return b, nil
	}
	return nil, fmt.Errorf("unknown stack %q: choose one of %s", name, strings.Join(stack.Names, ", "))
}
