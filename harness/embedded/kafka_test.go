package embedded_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
	"github.com/twmb/franz-go/pkg/kversion"

	"github.com/fullstack-lab/fullstack-lab/harness/embedded"
)

// metadata asks for topic with Metadata at version v (kgo capped to it).
func metadata(t *testing.T, addr string, v int16, topic string, autoCreate bool) *kmsg.MetadataResponse {
	t.Helper()
	versions := kversion.Stable()
	versions.SetMaxKeyVersion(int16(kmsg.Metadata), v)
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.MaxVersions(versions))
	require.NoError(t, err)
	defer cl.Close()
	req := kmsg.NewPtrMetadataRequest()
	rt := kmsg.NewMetadataRequestTopic()
	rt.Topic = kmsg.StringPtr(topic)
	req.Topics = append(req.Topics, rt)
	req.AllowAutoTopicCreation = autoCreate
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	resp, err := req.RequestWith(ctx, cl)
	require.NoError(t, err)
	require.Len(t, resp.Topics, 1)
	return resp
}

// A Metadata request before v4 creates the topic it names, as Kafka does
// (kafka-python 2.0.2, the class's client, asks with v1); from v4 on, the
// request's own allow_auto_topic_creation decides.
func TestMetadataBeforeV4CreatesTopics(t *testing.T) {
	k, err := embedded.StartKafka("")
	require.NoError(t, err)
	t.Cleanup(k.Close)

	resp := metadata(t, k.Addr(), 1, "events_v1", false)
	assert.Zero(t, resp.Topics[0].ErrorCode, "v1 creates the topic")
	assert.Len(t, resp.Topics[0].Partitions, 1)

	resp = metadata(t, k.Addr(), 9, "events_v9", false)
	assert.Equal(t, int16(3), resp.Topics[0].ErrorCode, "v9 without auto-creation: UNKNOWN_TOPIC_OR_PARTITION")
	resp = metadata(t, k.Addr(), 9, "events_v9", true)
	assert.Zero(t, resp.Topics[0].ErrorCode, "v9 with auto-creation")
}
