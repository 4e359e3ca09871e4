package catalog

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The README's step table is the catalog's.
func TestReadmeTable(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	readme := string(b)
	start := strings.Index(readme, "| `make lab-N` |")
	require.GreaterOrEqual(t, start, 0, "README.md has no step table")
	end := strings.Index(readme[start:], "\n\n")
	require.Greater(t, end, 0)
	assert.Equal(t, Table(), readme[start:start+end+1], "README.md's step table; the catalog prints it with catalog.Table()")
}

func TestCatalog(t *testing.T) {
	var total float64
	for _, g := range GradedPackages() {
		total += g.Points
	}
	assert.Equal(t, 100.0, total, "the graded packages' points")
	for i, st := range Steps() {
		assert.Equal(t, i+1, st.N, "steps are numbered in order")
		for _, n := range st.Needs {
			assert.Less(t, n, st.N, "step %d needs step %d, which comes before it", st.N, n)
		}
	}
	assert.Equal(t, []Graded{{"serve", 10}, {"bench", 10}, {"tail", 10}, {"extract", 20}, {"hive", 15}, {"presto", 15}, {"stream", 20}}, GradedPackages())
}
