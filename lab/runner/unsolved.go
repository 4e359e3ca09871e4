package runner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/fullstack-lab/fullstack-lab/harness/classdata"
)

// notRunnable says why step st cannot run in this session, or "": a step
// package it uses is still to implement, or a step it needs did not run
// (the events of step 2 excepted: fillTopic writes the class's events
// instead).
func (s *Session) notRunnable(st Step, skipped map[int]string) string {
	for _, p := range st.Uses {
		if todo := s.opts.Unsolved[p]; len(todo) > 0 {
			return fmt.Sprintf("not solved yet: steps/%s: implement %s", p, strings.Join(todo, "; "))
		}
	}
	for _, n := range st.Needs {
		if _, ok := skipped[n]; ok && n != eventsStep {
			return fmt.Sprintf("needs step %d (%s), which did not run", n, stepName(n))
		}
	}
	if (contains(st.Uses, "bench") || st.N == eventsStep) && s.api == nil {
		return fmt.Sprintf("needs the game API of step 1 (%s), which did not run", stepName(1))
	}
	return ""
}

// eventsStep is the step that puts the class's events on the topic.
const eventsStep = 2

// fillTopic writes the class's 40 events (harness/classdata, what the four
// ab runs log) to the topic once, when step st needs step 2 and step 2 did
// not run: the later steps then run on the same input as in the class.
func (s *Session) fillTopic(ctx context.Context, st Step, skipped map[int]string) error {
	if _, ok := skipped[eventsStep]; !ok || s.filled || !contains(st.Needs, eventsStep) {
		return nil
	}
	w := &kafka.Writer{Addr: kafka.TCP(s.opts.Endpoints.Kafka...), Topic: s.topic(), RequiredAcks: kafka.RequireAll,
		AllowAutoTopicCreation: true, BatchSize: 100}
	defer w.Close()
	if err := writeNewTopic(ctx, w, classdata.Events()); err != nil {
		return fmt.Errorf("write the class's events: %w", err)
	}
	s.filled = true
	fmt.Fprintf(s.opts.Out, "(step %d did not run: the class's 40 events of its four ab runs were written to topic %s instead)\n", eventsStep, s.topic())
	return nil
}

func notRun(w io.Writer, st Step, why string) {
	banner(w, st)
	fmt.Fprintf(w, "\nnot run: %s\n", why)
}

func printNotRun(w io.Writer, lines []string) {
	if len(lines) == 0 {
		return
	}
	fmt.Fprintf(w, "\n%d step(s) did not run (make grade says what is left):\n", len(lines))
	for _, l := range lines {
		fmt.Fprintf(w, "  %s\n", l)
	}
}

func stepName(n int) string {
	for _, st := range steps {
		if st.N == n {
			return st.Name
		}
	}
	return "?"
}

func contains[T comparable](xs []T, x T) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// writeNewTopic writes msgs with w, waiting out a new topic's first moments
// on a real broker (LEADER_NOT_AVAILABLE or UNKNOWN_TOPIC_OR_PARTITION for
// the whole request while the partition elects its leader), for 30 s at most.
func writeNewTopic(ctx context.Context, w *kafka.Writer, msgs []kafka.Message) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	for {
		err := w.WriteMessages(ctx, msgs...)
		var werrs kafka.WriteErrors
		if err == nil || errors.As(err, &werrs) ||
			!(errors.Is(err, kafka.LeaderNotAvailable) || errors.Is(err, kafka.UnknownTopicOrPartition)) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(50 * time.Millisecond):
		}
	}
}
