package embedded_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/embedded"
)

// produce sends values to topic with acks=all, each acknowledged before it returns.
func produce(t *testing.T, addr, topic string, values ...string) {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.AllowAutoTopicCreation(), kgo.RequiredAcks(kgo.AllISRAcks()))
	require.NoError(t, err)
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var recs []*kgo.Record
	for _, v := range values {
		recs = append(recs, &kgo.Record{Topic: topic, Value: []byte(v)})
	}
	require.NoError(t, cl.ProduceSync(ctx, recs...).FirstErr())
}

// consume reads topic from the beginning to its end and returns the values in order.
func consume(t *testing.T, addr, topic string) []string {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.ConsumeTopics(topic),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	require.NoError(t, err)
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ends, err := kadmEnd(ctx, cl, topic)
	require.NoError(t, err)
	var got []string
	for len(got) < int(ends) {
		fs := cl.PollFetches(ctx)
		require.NoError(t, ctx.Err(), "read %d of %d records", len(got), ends)
		for _, e := range fs.Errors() {
			require.NoError(t, e.Err, "fetch %s", topic)
		}
		fs.EachRecord(func(r *kgo.Record) { got = append(got, string(r.Value)) })
	}
	return got
}

// values are n unique record values.
func values(prefix string, n int) []string {
	v := make([]string, n)
	for i := range v {
		v[i] = fmt.Sprintf(`{"id": "%s-%d"}`, prefix, i)
	}
	return v
}

// crashCopy copies a running broker's data directory: the files a kill -9
// would leave (written, not synced, no state saved at Close).
func crashCopy(t *testing.T, dir string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "kafka")
	out, err := exec.Command("cp", "-a", dir, dst).CombinedOutput()
	require.NoError(t, err, "%s", out)
	return dst
}

func startKafka(t *testing.T, dir string, opts ...embedded.KafkaOption) *embedded.Kafka {
	t.Helper()
	k, err := embedded.StartKafka(dir, opts...)
	require.NoError(t, err)
	t.Cleanup(k.Close)
	return k
}

// A topic auto-created by a producer's Metadata request is on disk before
// the producer hears of it: the broker's files as a kill -9 leaves them give
// back every acknowledged record, and the topic takes new ones after them.
func TestAutoCreatedTopicSurvivesKill(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "kafka")
	k := startKafka(t, dir)
	produce(t, k.Addr(), "events", values("a", 500)...)
	assert.Equal(t, []string{"events"}, savedTopics(t, dir), "topics.json lists the topic before its first record is acknowledged")

	crashed := crashCopy(t, dir)
	var log harness.Buffer
	k2 := startKafka(t, crashed, embedded.WithKafkaLog(&log))
	assert.Empty(t, log.String(), "nothing to recover")
	assert.Equal(t, values("a", 500), consume(t, k2.Addr(), "events"))
	produce(t, k2.Addr(), "events", values("b", 10)...)
	assert.Equal(t, append(values("a", 500), values("b", 10)...), consume(t, k2.Addr(), "events"))
}

// A log whose topic topics.json does not list (a killed broker of an
// earlier version) is adopted at start, with a line saying so.
func TestOrphanedLogIsRecovered(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "kafka")
	k := startKafka(t, dir)
	produce(t, k.Addr(), "events", values("a", 100)...)
	crashed := crashCopy(t, dir)
	require.NoError(t, os.WriteFile(filepath.Join(crashed, "topics.json"), []byte(`{"version":1,"topics":null}`), 0o644))

	var log harness.Buffer
	k2 := startKafka(t, crashed, embedded.WithKafkaLog(&log))
	assert.Contains(t, log.String(), `kafka: recovered topic "events" (1 partition(s))`)
	assert.Equal(t, values("a", 100), consume(t, k2.Addr(), "events"))
	produce(t, k2.Addr(), "events", values("b", 5)...)
	assert.Equal(t, append(values("a", 100), values("b", 5)...), consume(t, k2.Addr(), "events"))

	assert.Equal(t, []string{"events"}, savedTopics(t, crashed))
}

// savedTopics lists the topics of dir's topics.json.
func savedTopics(t *testing.T, dir string) []string {
	t.Helper()
	var topics struct {
		Topics []struct{ Name string } `json:"topics"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "topics.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &topics))
	var names []string
	for _, t := range topics.Topics {
		names = append(names, t.Name)
	}
	return names
}

// A batch cut short by the kill is cut off at load, said in the log; the
// whole batches before it are served, and new records follow them.
func TestTornLastBatchIsCut(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "kafka")
	k := startKafka(t, dir)
	produce(t, k.Addr(), "events", values("a", 50)...)
	crashed := crashCopy(t, dir)
	seg := filepath.Join(crashed, "partitions", "events-0", "0.dat")
	b, err := os.ReadFile(seg)
	require.NoError(t, err)
	f, err := os.OpenFile(seg, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.Write(b[:40]) // the head of a batch, as a write cut short leaves it
	require.NoError(t, err)
	require.NoError(t, f.Close())

	var log harness.Buffer
	k2 := startKafka(t, crashed, embedded.WithKafkaLog(&log))
	assert.Contains(t, log.String(), "truncating 40 corrupt bytes")
	assert.Equal(t, values("a", 50), consume(t, k2.Addr(), "events"))
	produce(t, k2.Addr(), "events", values("b", 5)...)
	assert.Equal(t, append(values("a", 50), values("b", 5)...), consume(t, k2.Addr(), "events"))
}

// A log that goes back in offsets (a topic created again over an orphaned
// log by an earlier version) is refused with an error naming it, never served.
func TestDamagedLogIsRefused(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "kafka")
	k := startKafka(t, dir)
	produce(t, k.Addr(), "events", values("a", 3)...)
	produce(t, k.Addr(), "events", values("b", 3)...)
	crashed := crashCopy(t, dir)
	seg := filepath.Join(crashed, "partitions", "events-0", "0.dat")
	b, err := os.ReadFile(seg)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(seg, append(b, b...), 0o644)) // offsets 0.. twice

	_, err = embedded.StartKafka(crashed)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "the log goes back")
	assert.Contains(t, err.Error(), "move events-0 out of "+filepath.Join(crashed, "partitions"))
}

// kadmEnd is the end offset of partition 0 of topic (ListOffsets, latest).
func kadmEnd(ctx context.Context, cl *kgo.Client, topic string) (int64, error) {
	req := kmsg.NewPtrListOffsetsRequest()
	rt := kmsg.NewListOffsetsRequestTopic()
	rt.Topic = topic
	rp := kmsg.NewListOffsetsRequestTopicPartition()
	rp.Partition = 0
	rp.Timestamp = -1
	rt.Partitions = append(rt.Partitions, rp)
	req.Topics = append(req.Topics, rt)
	resp, err := req.RequestWith(ctx, cl)
	if err != nil {
		return 0, err
	}
	p := resp.Topics[0].Partitions[0]
	if err := kerr.ErrorForCode(p.ErrorCode); err != nil {
		return 0, err
	}
	return p.Offset, nil
}
