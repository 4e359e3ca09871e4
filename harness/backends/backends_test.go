package backends_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness/backends"
	"github.com/fullstack-lab/fullstack-lab/harness/external"
	"github.com/fullstack-lab/fullstack-lab/harness/stack"
)

func TestNew(t *testing.T) {
	for _, name := range stack.Names {
		require.NoError(t, backends.Check(name))
		b, err := backends.New(name, backends.Options{})
		require.NoError(t, err)
		assert.Equal(t, name, b.Name())
	}
	_, err := backends.New("kubernetes", backends.Options{})
	assert.EqualError(t, err, `unknown stack "kubernetes": choose one of embedded, local, containers, external`)
	assert.Equal(t, err, backends.Check("kubernetes"))

	// Each backend gets its own options.
	b, err := backends.New(stack.External, backends.Options{External: external.Config{Kafka: []string{"127.0.0.1:1"}}})
	require.NoError(t, err)
	assert.Equal(t, external.New(external.Config{Kafka: []string{"127.0.0.1:1"}}), b)
}
