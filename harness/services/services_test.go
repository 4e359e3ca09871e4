package services_test

import (
	"testing"

	"github.com/fullstack-lab/fullstack-lab/fixtures"
	"github.com/fullstack-lab/fullstack-lab/harness/services"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestChains(t *testing.T) {
	c, err := services.Chains()
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"zookeeper", "kafka"}, {"namenode", "datanode", "metastore"}, {"presto"}}, c)
	// Kafka 4 in KRaft mode: no ZooKeeper, Kafka a chain of its own.
	c, err = services.Chains("zookeeper")
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"kafka"}, {"namenode", "datanode", "metastore"}, {"presto"}}, c)
	assert.Equal(t, []string{"zookeeper", "kafka", "namenode", "datanode", "metastore", "presto"}, services.Names())
}

func TestTable(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range services.Table {
		for _, d := range s.DependsOn {
			assert.True(t, seen[d], "%s depends on %s, which must come before it", s.Name, d)
		}
		seen[s.Name] = true
		assert.NotNil(t, s.Ready, s.Name)
		assert.NotEmpty(t, s.Asks, s.Name)
		for _, tpl := range s.Templates {
			_, err := fixtures.Templates.Open(tpl)
			assert.NoError(t, err, "%s: template %s", s.Name, tpl)
		}
	}
	dn, err := services.Lookup("datanode")
	require.NoError(t, err)
	assert.Equal(t, "namenode", dn.Via)
	_, err = services.Lookup("spark")
	assert.EqualError(t, err, `no service "spark"`)
}
