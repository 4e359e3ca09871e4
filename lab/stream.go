package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/fullstack-lab/fullstack-lab/steps/stream"
	"github.com/spf13/cobra"
)

func newStreamCmd(g *globals) *cobra.Command {
	var (
		cfg     stream.Config
		sinkArg string
	)
	cmd := &cobra.Command{
		Use:   "stream [--sink console|parquet] [--path /tmp/sword_purchases] [--checkpoint DIR] [--trigger 10s] [--starting-offsets latest|earliest] [--topic events]",
		Short: "Stream the sword purchases in micro-batches to the console or to Parquet (replaces spark-submit filter_swords_stream.py, write_swords_stream.py)",
		Long: `Do what the class's Spark Structured Streaming jobs do, in Go, until Ctrl-C:
every --trigger interval, take the topic's records after the last batch up to
the latest, keep the purchase_sword events, flatten them with the explicit
schema of filter_swords_batch.py (raw_event, timestamp, Accept, Host,
User-Agent, event_type), and write them as one batch:

  --sink console   print "Batch: N" and the batch's rows as Spark's console
                   sink does (filter_swords_stream.py)
  --sink parquet   write ONE new snappy Parquet file per batch into --path
                   (write_swords_stream.py): files are never changed, so a
                   table over the directory shows the new rows at once, with
                   no DDL change. A batch without purchases writes no file.

The query's progress is checkpointed in the warehouse (--checkpoint, Spark's
checkpointLocation): the offsets of batch N are written before it runs, its
commit after. Stopped any way (Ctrl-C, kill -9), it resumes at the first
uncommitted batch and runs it again over the same offsets into the same file
name: nothing is lost, nothing is written twice. A checkpoint of another
query (another topic, sink or path) or a damaged one is an error; remove it
with 'lab fs rm -r DIR' to start over.

Malformed records are skipped and counted per batch. --starting-offsets says
where a query without a checkpoint starts (latest, as Spark's default, or
earliest). Ctrl-C ends the query after the batch in flight is committed; a
second Ctrl-C stops at once.`,
		Example: `  lab stream                              # filter_swords_stream.py
  lab stream --sink parquet               # write_swords_stream.py
  lab stream --sink parquet --path /tmp/sword_purchases \
      --checkpoint /tmp/checkpoints_for_sword_purchases --trigger 10s --starting-offsets earliest`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var err error
			if cfg.Sink, err = stream.ParseSink(sinkArg); err != nil {
				return usageError(err)
			}
			if cfg.Sink == stream.Parquet && cfg.Checkpoint == "" {
				cfg.Checkpoint = stream.DefaultCheckpoint
			}
			if cfg.Brokers, err = g.brokers(); err != nil {
				return err
			}
			if cfg.FS, err = g.openWarehouse(); err != nil {
				return err
			}
			defer cfg.FS.Close()
			errOut := cmd.ErrOrStderr()
			cfg.Out, cfg.Log = cmd.OutOrStdout(), errOut
			// The tests' crash and pause points, read at the edge (not in --help).
			cfg.Hooks = stream.Hooks{CrashAt: g.getenv(stream.EnvCrashAt), PauseAt: g.getenv(stream.EnvPauseAt)}
			// The query stops when this context ends: at a signal (main's
			// context), after the batch in flight, or when the stack goes.
			signals := cmd.Context()
			ctx, cancelCause := context.WithCancelCause(context.WithoutCancel(signals))
			cancel := func() { cancelCause(nil) }
			defer cancel()
			var watch *stackWatch
			if g.endpoints.kafka == "" {
				if st, err := g.attach(); err == nil {
					watch = &stackWatch{State: st}
					gone := watch.run(ctx)
					go func() {
						if why, ok := <-gone; ok {
							fmt.Fprintf(errOut, "stream: %v: stopping the query\n", why)
							cancelCause(why)
						}
					}()
				}
			}
			go func() {
				select {
				case <-signals.Done():
					// A second Ctrl-C kills at once: main gives the
					// signals their default action back at the first.
					fmt.Fprintf(errOut, "stream: %s: stopping after the batch in flight is committed; Ctrl-C again to stop at once\n", signalName(signals))
					cancel()
				case <-ctx.Done():
				}
			}()
			q, err := stream.New(ctx, cfg)
			if err != nil {
				return err
			}
			where := "the console"
			if cfg.Sink == stream.Parquet {
				where = cfg.FS.URI(cfg.Path)
			}
			fmt.Fprintf(errOut, "stream: query %s reads topic %s every %s into %s, checkpoint %s; Ctrl-C to stop\n",
				q.ID(), cfg.Topic, cfg.Trigger, where, cfg.FS.URI(q.Checkpoint()))
			err = q.Run(ctx)
			if cerr := q.Close(); err == nil && cerr != nil {
				err = cerr
			}
			if why := context.Cause(ctx); errors.Is(why, errStackGone) {
				return fmt.Errorf("stream: %w", why)
			}
			if err != nil && watch != nil {
				// Kafka or the warehouse went first: say why, when it is the stack.
				if why := watch.look(context.Background()); why != "" {
					return fmt.Errorf("stream: %w: the %s stack in %s %s", errStackGone, watch.State.Backend, watch.State.Dir, why)
				}
			}
			if err == nil {
				fmt.Fprintln(errOut, "stream: stopped after the last committed batch")
			}
			return err
		},
	}
	f := cmd.Flags()
	f.StringVar(&sinkArg, "sink", "console", "where batches go: console or parquet")
	f.StringVarP(&cfg.Topic, "topic", "t", stream.DefaultTopic, "topic to subscribe to")
	f.StringVar(&cfg.Path, "path", stream.DefaultPath, "the parquet sink's directory in the warehouse")
	f.StringVar(&cfg.Checkpoint, "checkpoint", "", "checkpoint directory in the warehouse (default "+stream.DefaultCheckpoint+" for parquet; the console sink uses a temporary one)")
	f.DurationVar(&cfg.Trigger, "trigger", stream.DefaultTrigger, "interval between batches (Spark's processingTime trigger)")
	f.StringVar(&cfg.StartingOffsets, "starting-offsets", stream.Latest, "where a query without a checkpoint starts: latest or earliest")
	f.IntVar(&cfg.NumRows, "rows", 20, "rows the console sink shows per batch")
	f.Int64Var(&cfg.MaxOffsetsPerTrigger, "max-offsets-per-trigger", 0, "read at most this many records per batch, shared over the partitions by backlog (Spark's maxOffsetsPerTrigger; 0: no limit)")
	g.addEndpoints(cmd, false, kafkaFlag, warehouseFlag)
	return cmd
}

// signalName is the signal that ended ctx, main's signal context ("interrupt").
func signalName(ctx context.Context) string {
	if cause := context.Cause(ctx); cause != nil {
		return strings.TrimSuffix(cause.Error(), " signal received")
	}
	return "stopped"
}
