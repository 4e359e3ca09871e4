// Command lab runs the week-13 full-stack lab: the stack, each step of the pipeline, and its grading.
package main

import (
	"fmt"
	"os"

	"github.com/rs/zerolog"
	"github.com/spf13/cobra"
)

var root = &cobra.Command{
	Use:   "lab",
	Short: "The week-13 full-stack lab: a game API, Kafka, Parquet on HDFS, Hive, Presto, streaming",
	Long: `lab runs every step of the week-13 class in Go, against a real stack.

Start a stack with 'lab up' (embedded by default: Kafka, a warehouse directory,
a Hive Metastore and Presto, all in one process), then run the steps against it:
serve, bench, tail, extract, hive, presto, stream. 'lab run' does the whole
class in order.

The stack's backend is chosen with --stack or LAB_STACK (embedded, local,
containers, external); its directory (state, data, logs) with --dir or LAB_DIR
(default ./.lab).`,
	SilenceUsage:  true,
	SilenceErrors: true,
}

// Global flags, shared by every subcommand.
var (
	flagStack string
	flagDir   string
)

func init() {
	root.PersistentFlags().StringVar(&flagStack, "stack", "", "backend: embedded, local, containers or external (default $LAB_STACK, else embedded)")
	root.PersistentFlags().StringVar(&flagDir, "dir", "", "the stack's directory: state, data, logs (default $LAB_DIR, else ./.lab)")
}

func main() {
	// presto-go-client logs through zerolog's global logger at debug level,
	// e.g. a JSON line at every Ctrl-C of a query, because real Presto answers
	// the cancel's DELETE with 204 and the client takes only 200 for success.
	// LAB_DEBUG=1 keeps those lines.
	if os.Getenv("LAB_DEBUG") == "" {
		zerolog.SetGlobalLevel(zerolog.InfoLevel)
	}
	root.SetArgs(hadoopArgs(os.Args[1:], valuedFlags(root)))
	if err := root.Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "lab:", err)
		os.Exit(exitCode(err))
	}
}
