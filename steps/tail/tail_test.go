package tail_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/steps/tail"
)

func TestMain(m *testing.M) { harness.Main(m) }

func values(n int, prefix string) []string {
	vs := make([]string, n)
	for i := range vs {
		vs[i] = fmt.Sprintf(`{"event_type": "%s", "n": %d}`, prefix, i)
	}
	return vs
}

func TestOffsets(t *testing.T) {
	s := harness.Start(t)
	topic := s.Name("events")
	vals := values(10, "default")
	s.Produce(t, topic, vals...)

	tests := []struct {
		offset string
		want   []string
	}{
		{"beginning", vals},
		{"3", vals[3:]},
		{"-2", vals[8:]},
		{"end", nil},
	}
	for _, tc := range tests {
		t.Run(tc.offset, func(t *testing.T) {
			var out bytes.Buffer
			st, err := tail.Run(context.Background(), tail.Config{Brokers: s.Kafka, Topic: topic, Offset: tc.offset, Exit: true}, &out)
			require.NoError(t, err)
			assert.Equal(t, len(tc.want), st.Messages)
			want := ""
			if len(tc.want) > 0 {
				want = strings.Join(tc.want, "\n") + "\n"
			}
			assert.Equal(t, want, out.String())
		})
	}
}

// Without -e, tail follows the topic: messages produced later are printed as they come.
func TestFollow(t *testing.T) {
	s := harness.Start(t)
	topic := s.Name("events")
	first := values(3, "default")
	s.Produce(t, topic, first...)

	ctx, cancel := context.WithCancel(context.Background())
	var out harness.Buffer
	done := make(chan error, 1)
	go func() {
		_, err := tail.Run(ctx, tail.Config{Brokers: s.Kafka, Topic: topic, Offset: "beginning"}, &out)
		done <- err
	}()
	later := values(4, "purchase_sword")
	s.Produce(t, topic, later...)
	want := strings.Join(append(first, later...), "\n") + "\n"
	require.Eventually(t, func() bool { return out.String() == want }, 20*time.Second, 20*time.Millisecond, "got %q", out.String())
	cancel()
	require.NoError(t, <-done)
}

func TestErrors(t *testing.T) {
	s := harness.Start(t)
	_, err := tail.Run(context.Background(), tail.Config{Brokers: s.Kafka, Topic: s.Name("nothing_here"), Offset: "beginning", Exit: true}, &bytes.Buffer{})
	require.ErrorIs(t, err, tail.ErrUnknownTopic)
	assert.EqualError(t, err, "tail: topic "+s.Name("nothing_here")+": unknown topic")

	_, err = tail.Run(context.Background(), tail.Config{Brokers: s.Kafka, Topic: "events", Offset: "middle"}, &bytes.Buffer{})
	assert.EqualError(t, err, `tail: invalid offset "middle": want beginning, end, N or -N`)
	_, err = tail.Run(context.Background(), tail.Config{Brokers: s.Kafka}, &bytes.Buffer{})
	assert.EqualError(t, err, "tail: no topic given (-t)")
}

// The real kafkacat (kcat) prints what the tail step prints, from the beginning and for -o -5.
func TestRealKcat(t *testing.T) {
	kcat, err := exec.LookPath("kcat")
	if errors.Is(err, exec.ErrNotFound) {
		t.Skip("kcat is not installed (Debian package kcat; .ci/run installs it)")
	}
	require.NoError(t, err)
	s := harness.Start(t)
	topic := s.Name("events")
	s.Produce(t, topic, values(25, "purchase_sword")...)
	for _, offset := range []string{"beginning", "-5"} {
		t.Run(offset, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			want, err := exec.CommandContext(ctx, kcat, "-C", "-b", strings.Join(s.Kafka, ","), "-t", topic, "-o", offset, "-e", "-q").CombinedOutput()
			require.NoError(t, err, "kcat: %s", want)
			var out bytes.Buffer
			_, err = tail.Run(ctx, tail.Config{Brokers: s.Kafka, Topic: topic, Offset: offset, Exit: true}, &out)
			require.NoError(t, err)
			assert.Equal(t, string(want), out.String())
		})
	}
}
