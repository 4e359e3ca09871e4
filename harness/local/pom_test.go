package local

import (
	"encoding/xml"
	"io/fs"
	"testing"

	"github.com/fullstack-lab/fullstack-lab/fixtures"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Logback stays off Kafka's and ZooKeeper's classpath: ZooKeeper 3.8 depends
// on it, and on the classpath it binds SLF4J before slf4j-reload4j, ignores
// the lab's log4j.properties and logs at DEBUG (the containers' images
// inherit the classpath).
func TestKafkaPomLeavesLogbackOut(t *testing.T) {
	b, err := fs.ReadFile(fixtures.Templates, "maven/kafka/pom.xml")
	require.NoError(t, err)
	var pom struct {
		Deps []struct {
			GroupID    string `xml:"groupId"`
			ArtifactID string `xml:"artifactId"`
			Exclusions []struct {
				GroupID    string `xml:"groupId"`
				ArtifactID string `xml:"artifactId"`
			} `xml:"exclusions>exclusion"`
		} `xml:"dependencies>dependency"`
	}
	require.NoError(t, xml.Unmarshal(b, &pom))
	for _, d := range pom.Deps {
		if d.ArtifactID != "kafka_2.13" && d.ArtifactID != "zookeeper" {
			continue
		}
		excluded := false
		for _, e := range d.Exclusions {
			excluded = excluded || (e.GroupID == "ch.qos.logback" && e.ArtifactID == "*")
		}
		assert.True(t, excluded, "%s must exclude ch.qos.logback:*", d.ArtifactID)
	}
}
