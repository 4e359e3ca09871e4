package main

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/fullstack-lab/fullstack-lab/steps/extract"
)

// A second lab extract to the same path says how to replace or add to it.
func TestExtractExistsHint(t *testing.T) {
	err := existsHint(fmt.Errorf("extract: path file:///w/tmp/purchases %w.", extract.ErrPathExists))
	assert.ErrorIs(t, err, extract.ErrPathExists)
	assert.EqualError(t, err, "extract: path file:///w/tmp/purchases already exists.\n"+
		"(nothing was written: run it again with --mode overwrite to replace it, or --mode append to add to it)")
	other := errors.New("x")
	assert.Equal(t, other, existsHint(other))
	assert.NoError(t, existsHint(nil))
}
