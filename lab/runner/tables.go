package runner

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/fullstack-lab/fullstack-lab/harness/classdata"
	"github.com/fullstack-lab/fullstack-lab/harness/hms"
	"github.com/fullstack-lab/fullstack-lab/steps/extract"
	"github.com/fullstack-lab/fullstack-lab/steps/hive"
	"github.com/fullstack-lab/fullstack-lab/steps/presto"
)

// metastore dials the stack's Hive Metastore once per session.
func (s *Session) metastore() (*hms.Client, error) {
	if s.hms == nil {
		if s.opts.Endpoints.Metastore == "" {
			return nil, errors.New("the stack has no Hive Metastore")
		}
		c, err := hms.Dial(s.opts.Endpoints.Metastore)
		if err != nil {
			return nil, err
		}
		s.hms = c
	}
	return s.hms, nil
}

// stepHiveTable is write_hive_table.py: the batch extract again, and the
// external table over its output registered in the metastore.
func stepHiveTable(ctx context.Context, s *Session) error {
	fsys, err := s.warehouse()
	if err != nil {
		return err
	}
	ms, err := s.metastore()
	if err != nil {
		return err
	}
	path, table := s.opts.Names("/tmp/purchases"), s.opts.Names("purchases")
	s.narrate("docker-compose exec spark spark-submit /w205/full-stack2/write_hive_table.py",
		fmt.Sprintf("lab extract --topic %s --path %s --mode overwrite --table %s --replace-table", s.topic(), path, table))
	res, err := extract.Run(ctx, extract.Config{
		Brokers: s.opts.Endpoints.Kafka, Topic: s.topic(), FS: fsys, Path: path, Mode: extract.Overwrite,
	})
	if err != nil {
		return err
	}
	out := res.Outputs[0]
	// The class's job runs once: a table left by an earlier session is replaced.
	if err := extract.Replace(ms, hms.DefaultDatabase, table, out); err != nil {
		return err
	}
	s.printf("created external table default.%s over %s (%d rows)\n", table, out.URI, out.Rows)
	s.Summary.Tables = append(s.Summary.Tables, "default."+table)

	// The class's hand-written DDL over the same files: schema on read.
	return s.hiveDDL(s.opts.Names("purchases2"), path)
}

// hiveDDL runs the class's DDL for table over path, as the hive CLI.
func (s *Session) hiveDDL(table, path string) error {
	fsys, err := s.warehouse()
	if err != nil {
		return err
	}
	ms, err := s.metastore()
	if err != nil {
		return err
	}
	ddl := classdata.DDL(table, path)
	s.narrate("docker-compose exec cloudera hive", fmt.Sprintf("lab hive -e \"%s\"", strings.ReplaceAll(strings.Join(strings.Fields(ddl), " "), `"`, `\"`)))
	s.printf("hive> %s\n", ddl)
	hs := &hive.Session{Metastore: ms, FS: fsys}
	if err := hs.Run(ddl, s.out); err != nil {
		return err
	}
	s.Summary.Tables = append(s.Summary.Tables, "default."+table)
	return nil
}

// presto connects to the stack's Presto with the class's session (catalog hive, schema default).
func (s *Session) presto() (*presto.Client, error) {
	if s.opts.Endpoints.Presto == "" {
		return nil, errors.New("the stack has no Presto")
	}
	return presto.Connect(presto.Config{Server: s.opts.Endpoints.Presto, Catalog: "hive", Schema: "default"})
}

// query runs one statement as the Presto CLI at its prompt shows it.
func (s *Session) query(ctx context.Context, c *presto.Client, sql string) (presto.Result, error) {
	s.printf("presto:default> %s;\n", sql)
	res, err := c.Query(ctx, sql)
	if err != nil {
		return res, err
	}
	if err := presto.Print(s.out, "ALIGNED", res); err != nil {
		return res, err
	}
	s.printf("\n")
	return res, nil
}

// stepPresto is the class's Presto session: show tables, describe, select.
func stepPresto(ctx context.Context, s *Session) error {
	c, err := s.presto()
	if err != nil {
		return err
	}
	table := s.opts.Names("purchases")
	s.narrate("docker-compose exec presto presto --server presto:8080 --catalog hive --schema default",
		fmt.Sprintf("lab presto --server %s --catalog hive --schema default", s.opts.Endpoints.Presto))
	if _, err := s.query(ctx, c, "show tables"); err != nil {
		return err
	}
	if _, err := s.query(ctx, c, "describe "+table); err != nil {
		return err
	}
	// Schema on read: the class's DDL declared User_Agent, the files say User-Agent.
	if _, err := s.query(ctx, c, "select host, user_agent from "+s.opts.Names("purchases2")+" limit 3"); err != nil {
		return err
	}
	res, err := s.query(ctx, c, "select * from "+table)
	if err != nil {
		return err
	}
	s.Summary.PrestoRows = int64(len(res.Rows))
	res, err = s.query(ctx, c, "select host, count(*) from "+table+" group by host order by host")
	if err != nil {
		return err
	}
	var parts []string
	for _, r := range res.Rows {
		parts = append(parts, fmt.Sprintf("%v=%v", r[0], r[1]))
	}
	s.Summary.PrestoByHost = strings.Join(parts, ", ")
	return nil
}
