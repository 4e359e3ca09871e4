package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fullstack-lab/fullstack-lab/harness/backends"
	"github.com/fullstack-lab/fullstack-lab/harness/containers"
	"github.com/fullstack-lab/fullstack-lab/harness/external"
	"github.com/fullstack-lab/fullstack-lab/harness/stack"
)

// globals are the settings that commands share, and the one place they are
// resolved: a flag given wins, then the environment (getenv), then the
// --env-file, then the default. Nothing here sets the environment.
type globals struct {
	getenv func(string) string

	// Root flags, on every command.
	stack, dir, envFile string
	fileEnv             map[string]string // the --env-file's variables, loaded by load

	// Endpoint flags, on the commands that use them (see addEndpoints).
	endpoints endpointFlags
}

func newGlobals(getenv func(string) string) *globals { return &globals{getenv: getenv} }

// addRootFlags adds the flags every command takes.
func (g *globals) addRootFlags(root *cobra.Command) {
	f := root.PersistentFlags()
	f.StringVar(&g.stack, "stack", "", "backend: embedded, local, containers or external (default $LAB_STACK, else embedded)")
	f.StringVar(&g.dir, "dir", "", "the stack's directory: state, data, logs (default $LAB_DIR, else ./.lab)")
	f.StringVar(&g.envFile, "env-file", "",
		"read LAB_* variables (LAB_STACK, LAB_KAFKA, ...) from this file, e.g. fixtures/compose/external.env; the environment and flags win")
}

// deprecated are the old names of settings, hidden, and the names to use.
var deprecated = map[string]string{"kafka": "-b/--brokers", "presto": "--server"}

// warnDeprecated says on cmd's error stream which old names the command line used.
func warnDeprecated(cmd *cobra.Command) {
	for old, use := range deprecated {
		if f := cmd.Flags().Lookup(old); f != nil && f.Changed {
			fmt.Fprintf(cmd.ErrOrStderr(), "lab: --%s is deprecated: use %s\n", old, use)
		}
	}
}

// load reads the --env-file, when one is given.
func (g *globals) load() error {
	if g.envFile == "" || g.fileEnv != nil {
		return nil
	}
	m, err := readEnvFile(g.envFile)
	if err != nil {
		return usageError(err)
	}
	g.fileEnv = m
	return nil
}

// env is the variable key: the environment's, else the --env-file's.
func (g *globals) env(key string) string {
	if v := strings.TrimSpace(g.getenv(key)); v != "" {
		return v
	}
	return g.fileEnv[key]
}

// stackName is the backend the user asked for.
func (g *globals) stackName() string {
	return firstOf(g.stack, g.env(stack.EnvStack), stack.Embedded)
}

// stackDir is the stack's directory.
func (g *globals) stackDir() string {
	return firstOf(g.dir, g.env(stack.EnvDir), stack.DefaultDir)
}

// attach reads the endpoints of the stack that `lab up` runs in the stack's directory.
func (g *globals) attach() (stack.State, error) {
	st, err := stack.ReadState(g.stackDir())
	if err != nil {
		return st, stackError(err)
	}
	return st, nil
}

// backend returns the backend called name: the external one over
// externalConfig, the containers one over the image set imageSet.
func (g *globals) backend(name, imageSet string) (stack.Backend, error) {
	switch name {
	case stack.External:
		return external.New(g.externalConfig()), nil
	case stack.Containers:
		set, err := containers.ImageSet(imageSet)
		if err != nil {
			return nil, usageError(err)
		}
		b, err := backends.New(name, backends.OptionsFromEnv())
		if err != nil {
			return nil, stackError(err)
		}
		cb := b.(containers.Backend) // the engine's options from the environment
		cb.Images = set
		return cb, nil
	}
	b, err := backends.New(name, backends.OptionsFromEnv())
	if err != nil {
		return nil, stackError(err)
	}
	return b, nil
}

func firstOf(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
