// Package backends names the lab's backends and builds one by name: what
// `lab up`, `lab grade` and harness.Start start a stack with.
package backends

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/fullstack-lab/fullstack-lab/harness/containers"
	"github.com/fullstack-lab/fullstack-lab/harness/embedded"
	"github.com/fullstack-lab/fullstack-lab/harness/external"
	"github.com/fullstack-lab/fullstack-lab/harness/local"
	"github.com/fullstack-lab/fullstack-lab/harness/stack"
)

// Options configure the backends that take any, one field each.
type Options struct {
	Containers containers.Options
	External   external.Config
	Local      local.Options
}

// OptionsFromEnv reads every backend's options from the environment. Only
// the edges call it: harness.Start's defaults and the lab command's.
func OptionsFromEnv() Options {
	return Options{
		Containers: containers.OptionsFromEnv(),
		External:   external.FromEnv(os.Getenv),
		Local:      local.OptionsFromEnv(),
	}
}

// New returns the backend called name, configured by opts.
func New(name string, opts Options) (stack.Backend, error) {
	switch name {
	case stack.Embedded:
		return embedded.Backend{}, nil
	case stack.Containers:
		return containers.Backend{Options: opts.Containers}, nil
	case stack.External:
		return external.New(opts.External), nil
	case stack.Local:
		return local.Backend{Options: opts.Local}, nil
	}
	return nil, Check(name)
}

// Check returns an error naming the choices when name is not a backend's.
func Check(name string) error {
	if slices.Contains(stack.Names, name) {
		return nil
	}
	return fmt.Errorf("unknown stack %q: choose one of %s", name, strings.Join(stack.Names, ", "))
}
