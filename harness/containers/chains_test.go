package containers

import (
	"slices"
	"testing"

	"github.com/fullstack-lab/fullstack-lab/harness/services"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Each service starts in exactly one chain, after the services it needs.
func TestChainsCoverServicesInOrder(t *testing.T) {
	chains, err := services.Chains()
	require.NoError(t, err)
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

// Every container waits with the service table's probe, at its main port
// (the DataNode through the NameNode's, once that runs).
func TestWaitsAreTheTables(t *testing.T) {
	cfg := Config{Name: "lab-test", Network: "lab-net", Host: "127.0.0.1", KafkaPort: 39092, DataNodePort: 39866}
	reqs, err := Requests(cfg)
	require.NoError(t, err)
	for i, svc := range Services {
		s, err := services.Lookup(svc)
		require.NoError(t, err)
		if s.Via != "" {
			assert.Nil(t, reqs[i].WaitingFor, svc)
			continue
		}
		ps, ok := reqs[i].WaitingFor.(*ProbeStrategy)
		require.True(t, ok, svc)
		assert.Equal(t, s.Asks, ps.Name, svc)
		assert.Equal(t, "127.0.0.1", ps.Host, svc)
		assert.NotZero(t, mainPort(cfg, svc), svc)
	}
}
