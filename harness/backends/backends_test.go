package backends_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness/backends"
	"github.com/fullstack-lab/fullstack-lab/harness/stack"
)

func TestLookup(t *testing.T) {
	for _, name := range stack.Names {
		b, err := backends.Lookup(name)
		require.NoError(t, err)
		assert.Equal(t, name, b.Name())
	}
	_, err := backends.Lookup("kubernetes")
	assert.EqualError(t, err, `unknown stack "kubernetes": choose one of embedded, local, containers, external`)
}
