package main

import (
	"testing"

	"github.com/fullstack-lab/fullstack-lab/harness/containers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBackendForImages(t *testing.T) {
	g := newGlobals(func(string) string { return "" })
	b, err := g.backend("containers", "upstream")
	require.NoError(t, err)
	assert.Equal(t, containers.UpstreamImages, b.(containers.Backend).Images)
	assert.Equal(t, containers.OptionsFromEnv(), b.(containers.Backend).Options, "the engine as the environment names it")
	b, err = g.backend("containers", "lab")
	require.NoError(t, err)
	assert.Equal(t, containers.LabImages, b.(containers.Backend).Images)
	_, err = g.backend("containers", "latest")
	require.ErrorIs(t, err, containers.ErrConfig)
	assert.Contains(t, err.Error(), `image set "latest": choose lab`)
	b, err = g.backend("embedded", "latest")
	require.NoError(t, err, "the image set is the containers stack's only")
	assert.Equal(t, "embedded", b.Name())
}
