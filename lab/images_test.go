package main

import (
	"testing"

	"github.com/fullstack-lab/fullstack-lab/harness/containers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBackendForImages(t *testing.T) {
	b, err := backendFor("containers", "upstream")
	require.NoError(t, err)
	assert.Equal(t, containers.Backend{Images: containers.UpstreamImages, Options: containers.OptionsFromEnv()}, b, "the engine as the registry set it")
	b, err = backendFor("containers", "lab")
	require.NoError(t, err)
	assert.Equal(t, containers.Backend{Images: containers.LabImages, Options: containers.OptionsFromEnv()}, b)
	_, err = backendFor("containers", "latest")
	require.ErrorIs(t, err, containers.ErrConfig)
	assert.Contains(t, err.Error(), `image set "latest": choose lab`)
	b, err = backendFor("embedded", "latest")
	require.NoError(t, err, "the image set is the containers stack's only")
	assert.Equal(t, "embedded", b.Name())
}
