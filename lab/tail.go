package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/fullstack-lab/fullstack-lab/steps/tail"
	"github.com/spf13/cobra"
)

func init() {
	var cfg tail.Config
	var brokerFlag string
	var consumer bool
	cmd := &cobra.Command{
		Use:   "tail -t TOPIC [-b BROKERS] [-o beginning|end|N|-N] [-e]",
		Short: "Print a topic's messages, one per line (replaces `kafkacat -C`)",
		Long: `Consume every partition of a topic and print each message value on its own
line, as 'kafkacat -C -b kafka:29092 -t events -o beginning' does. It follows
the topic until Ctrl-C; with -e it exits once it reached the end.`,
		Example: `  lab tail -t events -o beginning
  lab tail -C -t events -o beginning -e`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			bs, err := brokers(brokerFlag)
			if err != nil {
				return err
			}
			cfg.Brokers = bs
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			st, err := tail.Run(ctx, cfg, os.Stdout)
			if cfg.Exit && err == nil {
				fmt.Fprintf(os.Stderr, "%% Reached end of topic %s: %d messages from %d partitions\n", cfg.Topic, st.Messages, st.Partitions)
			}
			return err
		},
	}
	f := cmd.Flags()
	f.BoolVarP(&consumer, "consumer", "C", true, "consumer mode (the only mode; accepted for kafkacat's command line)")
	f.StringVarP(&brokerFlag, "brokers", "b", "", "Kafka brokers, host:port,... (default: the running stack's)")
	f.StringVarP(&cfg.Topic, "topic", "t", "", "topic to consume")
	f.StringVarP(&cfg.Offset, "offset", "o", "end", "where to start: beginning, end, N (absolute) or -N (N before the end)")
	f.BoolVarP(&cfg.Exit, "exit", "e", false, "exit once the end of every partition is reached")
	cmd.MarkFlagRequired("topic")
	root.AddCommand(cmd)
}
