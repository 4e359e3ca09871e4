package stack_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const module = "github.com/fullstack-lab/fullstack-lab"

// The lab command runs stacks through this package and harness/backends,
// never through the test API (package harness): none of the lab's own
// packages that the command is built from imports package testing. (Some
// dependencies do, for their own test helpers: Thrift's Go library,
// testcontainers-go; the test logs them.)
func TestLabDoesNotLinkTesting(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	out, err := exec.Command(goTool, "list", "-deps", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", module+"/lab").Output()
	require.NoError(t, err)
	var deps, ours, theirs []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		deps = append(deps, f[0])
		if !slices.Contains(f[1:], "testing") {
			continue
		}
		if strings.HasPrefix(f[0], module+"/") {
			ours = append(ours, f[0])
		} else {
			theirs = append(theirs, f[0])
		}
	}
	require.Contains(t, deps, module+"/harness/stack")
	assert.NotContains(t, deps, module+"/harness", "the lab command is built with the test API")
	assert.Empty(t, ours, "the lab's own packages in the lab command that import testing")
	if len(theirs) > 0 {
		t.Logf("dependencies that import testing: %s", strings.Join(theirs, ", "))
	}
}
