package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/fullstack-lab/fullstack-lab/harness/hms"
	"github.com/fullstack-lab/fullstack-lab/steps/hive"
)

func newHiveCmd(g *globals) *cobra.Command {
	var execute, file, database string
	cmd := &cobra.Command{
		Use:   "hive [-e SQL | -f FILE]",
		Short: "The hive CLI: DDL on the Hive Metastore, SELECTs through the stack's Presto (replaces `hive`)",
		Long: `Run HiveQL DDL against the stack's Hive Metastore over Thrift, as the class's
'docker-compose exec cloudera hive' did: schema on read over Parquet directories.

  CREATE DATABASE [IF NOT EXISTS] db
  CREATE EXTERNAL TABLE [IF NOT EXISTS] [db.]t (col type [COMMENT '...'], ...)
    [PARTITIONED BY (col type, ...)] STORED AS PARQUET LOCATION '/tmp/purchases'
    [TBLPROPERTIES ('k'='v', ...)]
  DROP TABLE [IF EXISTS] [db.]t      SHOW DATABASES      SHOW TABLES [IN db]
  DESCRIBE [FORMATTED] [db.]t        USE db

Queries are answered by the stack's Presto (the query engine of this lab; the
class's Hive ran them on MapReduce), printed as the hive CLI prints them: OK,
the rows tab-separated (NULL for null), "Time taken: ... seconds, Fetched: N
row(s)". HiveQL's quoting is turned into Presto's (` + "`col`" + ` and "string").

  SELECT ... | WITH ... SELECT ...
  CREATE [EXTERNAL] TABLE t [STORED AS PARQUET] [LOCATION '/tmp/t'] AS SELECT ...
    (the class's CTAS: the SELECT runs on Presto, its rows are written as one
    snappy Parquet file into the location, default /user/hive/warehouse/t,
    and the table is created over it)

Without -e or -f it opens the prompt hive> where statements end with ';' and
may span lines; quit, exit or Ctrl-D leaves.

Locations are warehouse paths, resolved against the stack's warehouse (HDFS, or
the embedded warehouse directory). 'lab hive infer PATH' writes the DDL from the
Parquet files' own schema.`,
		Example: `  lab hive -e "create external table if not exists default.purchases2 (Accept string, Host string, User_Agent string, event_type string, timestamp string) stored as parquet location '/tmp/purchases' tblproperties (\"parquet.compress\"=\"SNAPPY\");"
  lab hive -e "show tables; describe purchases2"
  lab hive -e "select host, count(*) from purchases group by host"
  lab hive -e "create external table purchase_events stored as parquet location '/tmp/purchase_events' as select * from purchases"
  lab hive -f tables.sql
  lab hive`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			script := execute
			switch {
			case execute != "" && file != "":
				return usagef("give -e or -f, not both")
			case file != "":
				b, err := os.ReadFile(file)
				if err != nil {
					return err
				}
				script = string(b)
			}
			s, closer, err := hiveSession(g, database)
			if err != nil {
				return err
			}
			defer closer()
			sh := &hiveShell{Session: s}
			sh.Presto, _ = g.presto() // without one, a SELECT says so
			ctx := cmd.Context()
			if script == "" {
				return sh.prompt(ctx, cmd.InOrStdin(), cmd.OutOrStdout())
			}
			if err := sh.run(ctx, script, cmd.OutOrStdout()); err != nil {
				return errSilent
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&execute, "execute", "e", "", "statements to run, separated by ;")
	cmd.Flags().StringVarP(&file, "file", "f", "", "file of statements to run")
	cmd.Flags().StringVar(&database, "database", hms.DefaultDatabase, "the current database")

	var table string
	var apply bool
	infer := &cobra.Command{
		Use:   "infer PATH [--table NAME] [--apply]",
		Short: "Print (and with --apply, run) the CREATE EXTERNAL TABLE of a Parquet directory, from its files' schema",
		Long: `Read the schema of the Parquet files under PATH (their footers only) and print
the CREATE EXTERNAL TABLE that reads them, column names kept as the files spell
them: the inferred DDL declares ` + "`User-Agent`" + ` where the class's hand-written DDL
declared User_Agent, which reads NULL (schema on read matches names).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, closer, err := hiveSession(g, database)
			if err != nil {
				return err
			}
			defer closer()
			p, err := s.FS.Path(args[0])
			if err != nil {
				return err
			}
			st, err := hive.Infer(s.FS, p, database, table)
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), st.DDL())
			if !apply {
				return nil
			}
			if _, err := s.Exec(st); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "OK: created %s.%s\n", database, table)
			return nil
		},
	}
	infer.Flags().StringVar(&table, "table", "", "the table's name (default: the directory's name)")
	infer.Flags().BoolVar(&apply, "apply", false, "create the table in the metastore")
	infer.PreRun = func(cmd *cobra.Command, args []string) {
		if table == "" && len(args) == 1 {
			table = baseName(args[0])
		}
	}
	cmd.AddCommand(infer)
	g.addEndpoints(cmd, true, warehouseFlag, metastoreFlag, prestoFlag)
	return cmd
}

// errSilent ends the command with a failure whose message was printed already.
var errSilent = errors.New("hive: a statement failed")

func baseName(p string) string {
	for len(p) > 1 && p[len(p)-1] == '/' {
		p = p[:len(p)-1]
	}
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] == '/' {
			return p[i+1:]
		}
	}
	return p
}

// hiveSession connects to the metastore and the warehouse of the stack (or the root flags').
func hiveSession(g *globals, database string) (*hive.Session, func(), error) {
	addr, err := metastoreAddr(g)
	if err != nil {
		return nil, nil, err
	}
	fsys, err := g.openWarehouse()
	if err != nil {
		return nil, nil, err
	}
	c, err := hms.Dial(addr)
	if err != nil {
		fsys.Close()
		return nil, nil, err
	}
	return &hive.Session{Metastore: c, FS: fsys, DB: database}, func() { c.Close(); fsys.Close() }, nil
}
