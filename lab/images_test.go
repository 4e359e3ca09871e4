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
	assert.Equal(t, containers.Backend{Images: containers.UpstreamImages}, b)
	b, err = g.backend("containers", "lab")
	require.NoError(t, err)
	assert.Equal(t, containers.Backend{Images: containers.LabImages}, b)
	_, err = g.backend("containers", "latest")
	require.ErrorIs(t, err, containers.ErrConfig)
	assert.Contains(t, err.Error(), `image set "latest": choose lab`)
	b, err = g.backend("embedded", "latest")
	require.NoError(t, err, "the image set is the containers stack's only")
	assert.Equal(t, "embedded", b.Name())
}
