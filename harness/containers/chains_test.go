package containers

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Each service starts in exactly one chain, after the services it needs.
func TestChainsCoverServicesInOrder(t *testing.T) {
	var all []string
	for _, chain := range chains {
		var idx []int
		for _, svc := range chain {
			idx = append(idx, slices.Index(Services, svc))
		}
		assert.True(t, slices.IsSorted(idx), "chain %v is not in Services order", chain)
		all = append(all, chain...)
	}
	assert.ElementsMatch(t, Services, all)
	// Presto boots alongside: it reads the metastore per query, not to be ready.
	needs := map[string]string{"kafka": "zookeeper", "datanode": "namenode", "metastore": "datanode"}
	for svc, dep := range needs {
		for _, chain := range chains {
			if i := slices.Index(chain, svc); i >= 0 {
				assert.Contains(t, chain[:i], dep, "%s must start after %s", svc, dep)
			}
		}
	}
}
