package harness

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

// EnvStack and EnvDir are the environment variables behind --stack and --dir.
const (
	EnvStack = "LAB_STACK"
	EnvDir   = "LAB_DIR"
)

// DefaultDir is the stack's directory when neither --dir nor LAB_DIR says otherwise.
const DefaultDir = ".lab"

// backends maps each backend name to how it starts. A backend that this
// build cannot run is absent and Lookup says so.
var backends = map[string]stack.Backend{
	stack.Embedded:   embedded.Backend{},
	stack.Containers: containers.Backend{Options: containers.OptionsFromEnv()},
	stack.External:   external.Backend{},
	stack.Local:      local.Backend{Options: local.OptionsFromEnv()},
}

// BackendFromEnv returns LAB_STACK, or embedded when it is unset.
func BackendFromEnv() string {
	if b := strings.TrimSpace(os.Getenv(EnvStack)); b != "" {
		return b
	}
	return stack.Embedded
}

// DirFromEnv returns LAB_DIR, or DefaultDir when it is unset.
func DirFromEnv() string {
	if d := strings.TrimSpace(os.Getenv(EnvDir)); d != "" {
		return d
	}
	return DefaultDir
}

// Lookup returns the backend called name.
func Lookup(name string) (stack.Backend, error) {
	if b, ok := backends[name]; ok {
		return b, nil
	}
	for _, n := range stack.Names {
		if n == name {
			return nil, fmt.Errorf("stack %q: %w", name, ErrNotBuilt)
		}
	}
	return nil, fmt.Errorf("unknown stack %q: choose one of %s", name, strings.Join(stack.Names, ", "))
}

// shared reports whether a backend is started once per test binary rather than per test.
func shared(name string) bool { return name != stack.Embedded }
