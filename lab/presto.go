package main

import (
	"context"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"github.com/rs/zerolog"
	"github.com/spf13/cobra"

	"github.com/fullstack-lab/fullstack-lab/steps/presto"
)

func newPrestoCmd(g *globals) *cobra.Command {
	var cfg presto.Config
	var noHistory bool
	cmd := &cobra.Command{
		Use:   "presto [--server URL] [--catalog hive] [--schema default] [--execute SQL | -f FILE] [--output-format FORMAT]",
		Short: "Query the Hive tables with SQL (replaces `presto --server presto:8080 --catalog hive --schema default`)",
		Long: `The class's Presto CLI. Without --execute or -f it opens the prompt
presto:default> where statements end with ';' and may span lines; the arrow
keys recall the history (kept in ~/.lab_presto_history); 'quit' or Ctrl-D
leaves, Ctrl-C cancels a running query. Results print as the Presto CLI
prints them: an aligned table, then (N rows) and the query's statistics.

With --execute or -f it runs the statements and exits, printing CSV unless
--output-format says otherwise (as the Presto CLI does); the first failing
statement stops it with exit status 1.

The server defaults to the running stack's Presto (lab up): on the embedded
stack that is an in-process Presto that runs the SQL with DuckDB over the
Parquet files of the metastore's tables.

Output formats: ` + strings.Join(presto.Formats, ", ") + `.`,
		Example: `  lab presto --catalog hive --schema default
  lab presto --execute 'show tables'
  lab presto --execute 'select host, count(*) from purchases group by host' --output-format ALIGNED
  lab presto -f queries.sql --output-format JSON`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cmd.SilenceUsage = true
			if cfg.Execute != "" && cfg.File != "" {
				return usagef("give --execute or -f, not both")
			}
			server, err := prestoReach{Server: g.endpoints.presto, StackPresto: g.stackPresto}.
				run(cmd.Context(), cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			cfg.Server = server
			if !noHistory {
				if home, err := os.UserHomeDir(); err == nil {
					cfg.HistoryFile = filepath.Join(home, ".lab_presto_history")
				}
			}
			// presto-go-client logs its retries and cancels at debug level.
			zerolog.SetGlobalLevel(zerolog.WarnLevel)
			// main's context ends at SIGTERM only (this command owns Ctrl-C):
			// at the prompt Ctrl-C cancels the running query; with --execute
			// or -f it cancels the statements on the server, then exits.
			ctx := cmd.Context()
			if cfg.Execute != "" || cfg.File != "" {
				var stop context.CancelFunc
				ctx, stop = signal.NotifyContext(ctx, os.Interrupt)
				defer stop()
			}
			return presto.Run(ctx, cfg, cmd.InOrStdin(), cmd.OutOrStdout())
		},
	}
	f := cmd.Flags()
	f.StringVar(&cfg.Catalog, "catalog", "hive", "default catalog")
	f.StringVar(&cfg.Schema, "schema", "default", "default schema")
	f.StringVar(&cfg.User, "user", os.Getenv("USER"), "user name sent to Presto")
	f.StringVar(&cfg.Execute, "execute", "", "run these statements (separated by ';') and exit")
	f.StringVarP(&cfg.File, "file", "f", "", "run the statements of this file and exit")
	f.StringVar(&cfg.Format, "output-format", "", "output format (default ALIGNED at the prompt, CSV with --execute or -f)")
	f.BoolVar(&noHistory, "no-history", false, "do not read or write ~/.lab_presto_history")
	g.addEndpoints(cmd, false, prestoFlag)
	cmd.Annotations = map[string]string{annotationOwnInterrupt: "true"}
	return cmd
}
