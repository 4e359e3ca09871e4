package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/segmentio/kafka-go"

	"github.com/fullstack-lab/fullstack-lab/internal/kafkaconn"
	"github.com/spf13/cobra"

	"github.com/fullstack-lab/fullstack-lab/steps/tail"
)

// tailOptions are kcat's command line, as lab tail takes it.
type tailOptions struct {
	Brokers []string
	Topic   string
	// Offset: beginning (kcat's default), end, N, -N.
	Offset string
	// Exit stops at the end of every partition (-e).
	Exit bool
	// Count stops after this many messages (-c), 0 for no limit.
	Count int
	// List prints the brokers' metadata instead of consuming (-L).
	List bool
}

func newTailCmd(g *globals) *cobra.Command {
	var opts tailOptions
	var consumer bool
	cmd := &cobra.Command{
		Use:   "tail -t TOPIC [-C] [-b BROKERS] [-o beginning|end|N|-N] [-e] [-c N] | -L [-t TOPIC]",
		Short: "Print a topic's messages, one per line (replaces `kafkacat -C`); -L lists the metadata",
		Long: `Consume every partition of a topic and print each message value on its own
line, as 'kafkacat -C -b kafka:29092 -t events -o beginning' does, with kcat's
flags: -o where to start (beginning, kcat's default; end; N; -N before the end),
-e exit at the end of every partition, -c N exit after N messages. Without -e
it follows the topic until Ctrl-C.

-L prints the brokers' metadata (brokers, topics, partitions) as 'kcat -L'
does, for every topic or the one -t names.`,
		Example: `  lab tail -t events -o beginning
  lab tail -C -b kafka:29092 -t events -o beginning -e
  lab tail -t events -o -5 -e
  lab tail -t events -c 10
  lab tail -L`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			bs, err := g.brokers()
			if err != nil {
				return err
			}
			opts.Brokers = bs
			return opts.run(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	f := cmd.Flags()
	f.BoolVarP(&consumer, "consumer", "C", true, "consumer mode (the default; accepted for kcat's command line)")
	g.addEndpoints(cmd, false, kafkaFlag)
	f.StringVarP(&opts.Topic, "topic", "t", "", "topic to consume (with -L: the topic to describe)")
	f.StringVarP(&opts.Offset, "offset", "o", "beginning", "where to start: beginning, end, N (absolute) or -N (N before the end)")
	f.BoolVarP(&opts.Exit, "exit", "e", false, "exit once the end of every partition is reached")
	f.IntVarP(&opts.Count, "count", "c", 0, "exit after this many messages")
	f.BoolVarP(&opts.List, "list", "L", false, "print the metadata of the brokers, topics and partitions, and exit")
	return cmd
}

// errCountReached ends a tail that printed -c messages.
var errCountReached = errors.New("count reached")

func (o tailOptions) run(ctx context.Context, out, errOut io.Writer) error {
	if o.List {
		return listMetadata(ctx, o.Brokers, o.Topic, out)
	}
	if o.Topic == "" {
		return errors.New("tail: give the topic with -t (or -L to list the topics)")
	}
	if o.Count < 0 {
		return fmt.Errorf("tail: -c %d: want a count of messages, 1 or more", o.Count)
	}
	cfg := tail.Config{Brokers: o.Brokers, Topic: o.Topic, Offset: o.Offset, Exit: o.Exit}
	w := out
	var cancel context.CancelCauseFunc
	if o.Count > 0 {
		ctx, cancel = context.WithCancelCause(ctx)
		defer cancel(nil)
		w = &countWriter{w: out, left: o.Count, done: func() { cancel(errCountReached) }}
	}
	st, err := tail.Run(ctx, cfg, w)
	if o.Count > 0 && errors.Is(context.Cause(ctx), errCountReached) {
		return nil
	}
	if o.Exit && err == nil {
		fmt.Fprintf(errOut, "%% Reached end of topic %s: %d messages from %d partitions\n", o.Topic, st.Messages, st.Partitions)
	}
	return err
}

// countWriter passes on the first lines tail writes (one message each) and
// calls done once they are all written; later ones are dropped.
type countWriter struct {
	mu   sync.Mutex
	w    io.Writer
	left int
	done func()
}

func (c *countWriter) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.left <= 0 {
		return len(p), nil
	}
	if _, err := c.w.Write(p); err != nil {
		return 0, err
	}
	if c.left--; c.left == 0 {
		c.done()
	}
	return len(p), nil
}

// listMetadata prints the cluster's metadata as kcat -L prints it.
func listMetadata(ctx context.Context, brokers []string, topic string, out io.Writer) error {
	client, done := kafkaconn.Client(brokers)
	defer done()
	req := &kafka.MetadataRequest{}
	if topic != "" {
		req.Topics = []string{topic}
	}
	md, err := client.Metadata(ctx, req)
	if err != nil {
		return fmt.Errorf("tail: metadata from %s: %w", strings.Join(brokers, ","), err)
	}
	what := "all topics"
	if topic != "" {
		what = topic
	}
	from := fmt.Sprintf("-1: %s/bootstrap", brokers[0])
	for _, b := range md.Brokers {
		if net.JoinHostPort(b.Host, strconv.Itoa(b.Port)) == brokers[0] {
			from = fmt.Sprintf("%d: %s/%d", b.ID, brokers[0], b.ID)
		}
	}
	fmt.Fprintf(out, "Metadata for %s (from broker %s):\n", what, from)
	fmt.Fprintf(out, " %d brokers:\n", len(md.Brokers))
	for _, b := range md.Brokers {
		ctl := ""
		if b.ID == md.Controller.ID {
			ctl = " (controller)"
		}
		fmt.Fprintf(out, "  broker %d at %s:%d%s\n", b.ID, b.Host, b.Port, ctl)
	}
	topics := md.Topics
	sort.Slice(topics, func(i, j int) bool { return topics[i].Name < topics[j].Name })
	fmt.Fprintf(out, " %d topics:\n", len(topics))
	for _, t := range topics {
		if t.Error != nil {
			fmt.Fprintf(out, "  topic %q with 0 partitions: Broker: %v\n", t.Name, t.Error)
			continue
		}
		fmt.Fprintf(out, "  topic %q with %d partitions:\n", t.Name, len(t.Partitions))
		for _, p := range t.Partitions {
			fmt.Fprintf(out, "    partition %d, leader %d, replicas: %s, isrs: %s\n", p.ID, p.Leader.ID, brokerIDs(p.Replicas), brokerIDs(p.Isr))
		}
	}
	return nil
}

func brokerIDs(bs []kafka.Broker) string {
	ids := make([]string, len(bs))
	for i, b := range bs {
		ids[i] = fmt.Sprint(b.ID)
	}
	return strings.Join(ids, ",")
}
