package main

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness"
)

// lab tail takes kcat's flags with kcat's defaults: from the beginning, -e,
// -c N, -o -N, and -L prints the metadata as kcat -L does.
func TestTailAsKcat(t *testing.T) {
	s := harness.Start(t)
	topic := s.Name("events")
	s.Produce(t, topic, "a", "b", "c", "d")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	tailOut := func(o tailOptions) (string, string) {
		t.Helper()
		o.Brokers = s.Kafka
		if o.Offset == "" {
			o.Offset = "beginning"
		}
		var out, errOut bytes.Buffer
		require.NoError(t, o.run(ctx, &out, &errOut))
		return out.String(), errOut.String()
	}
	out, errOut := tailOut(tailOptions{Topic: topic, Exit: true})
	assert.Equal(t, "a\nb\nc\nd\n", out, "from the beginning by default, as kcat -C -t T -e")
	assert.Equal(t, "% Reached end of topic "+topic+": 4 messages from 1 partitions\n", errOut)
	out, _ = tailOut(tailOptions{Topic: topic, Count: 2})
	assert.Equal(t, "a\nb\n", out, "-c 2 stops after two, without -e")
	out, _ = tailOut(tailOptions{Topic: topic, Offset: "-1", Exit: true})
	assert.Equal(t, "d\n", out)

	out, _ = tailOut(tailOptions{List: true, Topic: topic})
	assert.Regexp(t, `^Metadata for `+topic+` \(from broker \d+: `+s.Kafka[0]+`/\d+\):
 1 brokers:
  broker \d+ at `+s.Kafka[0]+` \(controller\)
 1 topics:
  topic "`+topic+`" with 1 partitions:
    partition 0, leader \d+, replicas: \d+, isrs: \d+
$`, out)
	if kcat, err := exec.LookPath("kcat"); err == nil {
		want, err := exec.CommandContext(ctx, kcat, "-L", "-b", s.Kafka[0], "-t", topic).Output()
		require.NoError(t, err)
		assert.Equal(t, string(want), out, "kcat -L prints the same")
		want, err = exec.CommandContext(ctx, kcat, "-C", "-b", s.Kafka[0], "-t", topic, "-c", "3").Output()
		require.NoError(t, err)
		out, _ = tailOut(tailOptions{Topic: topic, Count: 3})
		assert.Equal(t, string(want), out, "kcat -C -c 3 prints the same")
	}
	out, _ = tailOut(tailOptions{List: true})
	assert.True(t, strings.HasPrefix(out, "Metadata for all topics (from broker "), out)
	assert.Contains(t, out, `  topic "`+topic+`" with 1 partitions:`)

	var o bytes.Buffer
	assert.EqualError(t, tailOptions{Brokers: s.Kafka}.run(ctx, &o, &o), "tail: give the topic with -t (or -L to list the topics)")
}
