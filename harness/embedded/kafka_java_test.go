package embedded_test

import (
	"bytes"
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
	"github.com/twmb/franz-go/pkg/kversion"

	"github.com/fullstack-lab/fullstack-lab/harness/embedded"
	"github.com/fullstack-lab/fullstack-lab/harness/internal/javatest"
)

// request sends req to addr with a kgo client whose versions are capped by cap.
func request(t *testing.T, addr string, versions *kversion.Versions, req kmsg.Request) kmsg.Response {
	t.Helper()
	opts := []kgo.Opt{kgo.SeedBrokers(addr)}
	if versions != nil {
		opts = append(opts, kgo.MaxVersions(versions))
	}
	cl, err := kgo.NewClient(opts...)
	require.NoError(t, err)
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	resp, err := cl.Request(ctx, req)
	require.NoError(t, err)
	return resp
}

// ApiVersions v3 lists no supported feature whose range starts at 0, as
// Kafka does (KAFKA-17011): kafka-clients before 3.9 reject such a range.
// From v4 on the ranges are sent as they are.
func TestApiVersionsV3HidesFeatureRangesFromZero(t *testing.T) {
	k, err := embedded.StartKafka("")
	require.NoError(t, err)
	t.Cleanup(k.Close)

	v3 := kversion.Stable()
	v3.SetMaxKeyVersion(int16(kmsg.ApiVersions), 3)
	resp := request(t, k.Addr(), v3, kmsg.NewPtrApiVersionsRequest()).(*kmsg.ApiVersionsResponse)
	require.Equal(t, int16(3), resp.Version)
	assert.Zero(t, resp.ErrorCode)
	var keys []int16
	for _, k := range resp.ApiKeys {
		keys = append(keys, k.ApiKey)
	}
	assert.Contains(t, keys, int16(kmsg.Produce), "the API keys are kfake's")
	assert.Contains(t, keys, int16(kmsg.DescribeTopicPartitions))
	for _, f := range resp.SupportedFeatures {
		assert.NotZero(t, f.MinVersion, "v3 feature %s sent with range %d-%d", f.Name, f.MinVersion, f.MaxVersion)
	}

	v4 := request(t, k.Addr(), nil, kmsg.NewPtrApiVersionsRequest()).(*kmsg.ApiVersionsResponse)
	require.GreaterOrEqual(t, v4.Version, int16(4))
	fromZero := 0
	for _, f := range v4.SupportedFeatures {
		if f.MinVersion == 0 {
			fromZero++
		}
	}
	assert.NotZero(t, fromZero, "v4 keeps the ranges from 0")
	assert.Len(t, resp.SupportedFeatures, len(v4.SupportedFeatures)-fromZero, "v3 drops only those")
}

// DescribeTopicPartitions answers empty ELR arrays, never null ones, as
// Kafka does (kafka-clients 3.9.1 throws a NullPointerException on null).
func TestDescribeTopicPartitionsSendsEmptyELR(t *testing.T) {
	k, err := embedded.StartKafka("")
	require.NoError(t, err)
	t.Cleanup(k.Close)
	metadata(t, k.Addr(), 1, "events", false) // creates it

	req := kmsg.NewPtrDescribeTopicPartitionsRequest()
	rt := kmsg.NewDescribeTopicPartitionsRequestTopic()
	rt.Topic = "events"
	req.Topics = append(req.Topics, rt)
	req.ResponsePartitionLimit = 100
	resp := request(t, k.Addr(), nil, req).(*kmsg.DescribeTopicPartitionsResponse)
	require.Len(t, resp.Topics, 1)
	assert.Zero(t, resp.Topics[0].ErrorCode)
	require.Len(t, resp.Topics[0].Partitions, 1)
	p := resp.Topics[0].Partitions[0]
	assert.NotNil(t, p.EligibleLeaderReplicas, "eligible_leader_replicas is an empty array, not null")
	assert.Empty(t, p.EligibleLeaderReplicas)
	assert.NotNil(t, p.LastKnownELR, "last_known_elr is an empty array, not null")
	assert.Empty(t, p.LastKnownELR)
	assert.Equal(t, []int32{0}, p.Replicas, "the rest is kfake's answer")

	// An unknown topic still gets kfake's error.
	rt.Topic = "no_such_topic"
	req.Topics = []kmsg.DescribeTopicPartitionsRequestTopic{rt}
	resp = request(t, k.Addr(), nil, req).(*kmsg.DescribeTopicPartitionsResponse)
	require.Len(t, resp.Topics, 1)
	assert.Equal(t, int16(3), resp.Topics[0].ErrorCode, "UNKNOWN_TOPIC_OR_PARTITION")
}

// The real Java client, in the two versions that matter (3.4.1: Spark 3.5's;
// 3.9.1: the local backend's Kafka), does against the embedded broker what
// Spark's Kafka source does: produce, describe the topic, list the earliest
// and latest offsets, consume from the earliest.
func TestJavaClients(t *testing.T) {
	const needs = "the Java client tests need Java 11+ and Maven"
	java, mvn := javatest.Tool(t, "java", needs), javatest.Tool(t, "mvn", needs)
	for _, version := range []string{"3.4.1", "3.9.1"} {
		t.Run("kafka-clients-"+version, func(t *testing.T) {
			t.Parallel()
			cp := javatest.Classpath(t, mvn, filepath.Join("testdata", "javaclient", "pom.xml"), "javaclient-"+version, "kafka.version="+version)
			k, err := embedded.StartKafka("")
			require.NoError(t, err)
			t.Cleanup(k.Close)

			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, java, "-cp", cp,
				"-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
				filepath.Join("testdata", "javaclient", "Probe.java"), k.Addr(), "events")
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err = cmd.Run()
			require.NoError(t, err, "kafka-clients %s:\n%s%s", version, stdout.String(), javatest.Tail(stderr.String(), 40))
			assert.Equal(t, strings.Join([]string{
				"produced 3",
				"described events partitions=1 leader=0",
				"offsets earliest=0 latest=3",
				"consumed 0:one,1:two,2:three",
			}, "\n")+"\n", stdout.String())
		})
	}
}
