package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fullstack-lab/fullstack-lab/harness/hms"
	"github.com/fullstack-lab/fullstack-lab/steps/extract"
)

func newExtractCmd(g *globals) *cobra.Command {
	var (
		cfg                                  extract.Config
		shape, mode, eventType, table, tblDB string
		rows                                 int
		replaceTable                         bool
	)
	cmd := &cobra.Command{
		Use:   "extract [--shape inferred|explicit] [--path /tmp/purchases] [--mode error|overwrite|append] [--topic events] [--split] [--table NAME [--replace-table]]",
		Short: "Write a topic's purchase events to Parquet on the warehouse (replaces spark-submit filtered_writes.py, write_hive_table.py, filter_swords_batch.py)",
		Long: `Do what the class's Spark batch jobs do, in Go:

  1. read the topic from its earliest to its latest offsets (the latest as they
     stand at the start: events produced meanwhile wait for the next run);
  2. keep the purchase_sword events (extract.IsSwordPurchase, or --event-type);
  3. flatten them to rows, printing printSchema() and show() as Spark does:
       --shape inferred  Row(timestamp=..., **json.loads(raw)).toDF()   (filtered_writes.py)
       --shape explicit  raw_event, timestamp, Accept, Host, User-Agent,
                         event_type with from_json                     (filter_swords_batch.py)
  4. write snappy Parquet to --path: part-00000-<uuid>-c000.snappy.parquet and
     an empty _SUCCESS, with Spark's save modes:
       --mode error      fail if the path exists (Spark's default)
       --mode overwrite  replace the data; readers never see half of it
       --mode append     add a part file beside the others
  5. with --table NAME, create the external table over it in the Hive
     Metastore (write_hive_table.py's "create external table ... as select").
     The table is checked before anything is read or written: an existing
     one is an error, as Spark's CTAS fails on it, and the files stay as they
     were (even with --mode overwrite). --replace-table replaces the existing
     table's definition instead (columns, location) in one step: readers see
     the old table or the new one.

With --split every event is kept and each event_type gets its own output,
PATH/<event_type>: the class's "several schemas on one topic".

Bad records (invalid JSON, JSON that is not an object, a missing or
non-string event_type, invalid UTF-8, a value over --max-value-bytes) are
skipped and counted by reason in the last lines.`,
		Example: `  lab extract
  lab extract --mode overwrite
  lab extract --shape explicit --path /tmp/sword_purchases --mode overwrite
  lab extract --split --path /tmp/events_by_type --mode overwrite
  lab extract --mode overwrite --table purchases
  lab extract --mode overwrite --table purchases --replace-table`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var err error
			if cfg.Shape, err = extract.ParseShape(shape); err != nil {
				return usageError(err)
			}
			if cfg.Mode, err = extract.ParseMode(mode); err != nil {
				return usageError(err)
			}
			cfg.Preview = rows
			if eventType != "" {
				cfg.Keep = extract.EventTypeIs(eventType)
			}
			if table != "" && cfg.Split {
				return usagef("--table takes one output: it does not go with --split")
			}
			if replaceTable && table == "" {
				return usagef("--replace-table replaces the --table NAME: give it")
			}
			var ms *hms.Client
			if table != "" {
				addr, err := metastoreAddr(g)
				if err != nil {
					return err
				}
				if ms, err = hms.Dial(addr); err != nil {
					return err
				}
				defer ms.Close()
			}
			if cfg.Brokers, err = g.brokers(); err != nil {
				return err
			}
			if cfg.FS, err = g.openWarehouse(); err != nil {
				return err
			}
			defer cfg.FS.Close()
			ctx := cmd.Context()
			var res extract.Result
			replaced := false
			if ms == nil {
				res, err = extract.Run(ctx, cfg)
			} else {
				_, terr := ms.Table(tblDB, table)
				replaced = replaceTable && terr == nil
				reg := extract.Registration{Metastore: ms, DB: tblDB, Table: table, Replace: replaceTable}
				res, err = extract.RunRegistered(ctx, cfg, reg)
				if errors.Is(err, hms.ErrAlreadyExists) && res.Read == 0 {
					err = fmt.Errorf("%w: nothing was written (--replace-table replaces its definition)", err)
				}
			}
			out := cmd.OutOrStdout()
			for _, o := range res.Outputs {
				printOutput(out, o, rows, cfg.Split)
			}
			if err == nil && ms != nil {
				fmt.Fprintf(out, "%s external table %s.%s stored as parquet location '%s'\n\n", tableVerb(replaced), tblDB, table, res.Outputs[0].URI)
			}
			if err == nil || res.Read > 0 {
				printCounts(out, cfg, res)
			}
			return existsHint(err)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&cfg.Topic, "topic", "t", extract.DefaultTopic, "topic to read")
	f.StringVar(&cfg.Path, "path", extract.DefaultPath, "output directory on the warehouse")
	f.StringVar(&mode, "mode", "error", "save mode: error (fail if the path exists), overwrite or append")
	f.StringVar(&shape, "shape", "inferred", "row shape: inferred (filtered_writes.py) or explicit (filter_swords_batch.py)")
	f.BoolVar(&cfg.Split, "split", false, "keep every event, one output per event_type under --path")
	f.StringVar(&eventType, "event-type", "", "keep this event_type instead of purchase_sword")
	f.IntVar(&cfg.MaxValueBytes, "max-value-bytes", extract.DefaultMaxValueBytes, "skip records larger than this")
	f.IntVar(&rows, "rows", extract.DefaultShowRows, "rows that show() prints")
	f.Int64Var(&cfg.MaxRecordsPerFile, "max-records-per-file", 0, "start a new part file after this many rows (Spark's spark.sql.files.maxRecordsPerFile; 0: no limit)")
	f.Int64Var(&cfg.MaxFileBytes, "max-file-bytes", 0, "start a new part file once a part holds this many bytes, at a row group's end (0: no limit)")
	f.IntVar(&cfg.RowGroupRows, "row-group-rows", extract.DefaultRowGroupRows, "rows per Parquet row group at most; the inferred shape holds this many rows to find its schema")
	f.StringVar(&table, "table", "", "also create this external table over the output in the Hive Metastore")
	f.BoolVar(&replaceTable, "replace-table", false, "replace the definition of an existing --table (alter it to the new columns and location) instead of failing")
	f.StringVar(&tblDB, "database", hms.DefaultDatabase, "the metastore database of --table")
	g.addEndpoints(cmd, false, kafkaFlag, warehouseFlag, metastoreFlag)
	return cmd
}

func printOutput(w io.Writer, o extract.Output, rows int, split bool) {
	if split {
		fmt.Fprintf(w, "event_type %s:\n", o.EventType)
	}
	extract.PrintSchema(w, o.Schema)
	extract.Show(w, o.Head, rows, extract.DefaultTruncate)
	parts := "part files"
	if len(o.Files) == 1 {
		parts = "part file"
	}
	fmt.Fprintf(w, "wrote %d rows to %s (%d %s and _SUCCESS)\n\n", o.Rows, o.URI, len(o.Files), parts)
}

func printCounts(w io.Writer, cfg extract.Config, res extract.Result) {
	filtered := ""
	if !cfg.Split {
		filtered = fmt.Sprintf(", %d filtered out", res.Filtered)
	}
	fmt.Fprintf(w, "%d records read from %s: %d rows written%s, %d skipped\n",
		res.Read, cfg.Topic, res.Rows(), filtered, res.Skipped.Total())
	var parts []string
	for r := extract.InvalidJSON; r <= extract.TimestampField; r++ {
		parts = append(parts, fmt.Sprintf("%s %d", r, res.Skipped[r]))
	}
	fmt.Fprintf(w, "skipped by reason: %s\n", strings.Join(parts, ", "))
}

// metastoreAddr is the --metastore address when given, else the running stack's metastore.
func metastoreAddr(g *globals) (string, error) {
	addr, err := g.metastore()
	if err == nil && addr == "" {
		st, _ := g.attach()
		return "", fmt.Errorf("the running %s stack has no Hive Metastore: give one with --metastore host:port", st.Backend)
	}
	return addr, err
}

// tableVerb is what the run did to its table.
func tableVerb(replaced bool) string {
	if replaced {
		return "replaced"
	}
	return "created"
}

// existsHint adds to the default save mode's "already exists" what to type instead.
func existsHint(err error) error {
	if errors.Is(err, extract.ErrPathExists) {
		return fmt.Errorf("%w\n(nothing was written: run it again with --mode overwrite to replace it, or --mode append to add to it)", err)
	}
	return err
}
