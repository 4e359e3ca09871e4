package presto

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The prompt's history outlives the session in its file, most recent first,
// without blank lines or a line repeated at once, and at most maxHistory long.
func TestHistoryKeptInItsFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "presto_history")
	h := openHistory(path)
	for _, l := range []string{"show tables;", "show tables;", "  ", "select 1;"} {
		h.Add(l)
	}
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "show tables;\nselect 1;\n", string(b))

	h = openHistory(path) // the next session
	require.Equal(t, 2, h.Len())
	assert.Equal(t, "select 1;", h.At(0))
	assert.Equal(t, "show tables;", h.At(1))

	for i := range maxHistory + 5 {
		h.Add("select " + strconv.Itoa(i) + ";")
	}
	assert.Equal(t, maxHistory, h.Len())
	assert.Equal(t, "select "+strconv.Itoa(maxHistory+4)+";", h.At(0))
	assert.Equal(t, maxHistory, openHistory(path).Len(), "a long file is read back to its last maxHistory lines")
}
