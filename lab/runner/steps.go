package runner

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
	"github.com/fullstack-lab/fullstack-lab/lab/catalog"
	"github.com/fullstack-lab/fullstack-lab/steps/bench"
	"github.com/fullstack-lab/fullstack-lab/steps/extract"
	"github.com/fullstack-lab/fullstack-lab/steps/serve"
	"github.com/fullstack-lab/fullstack-lab/steps/tail"
)

// runs is each catalog step's code, by name.
var runs = map[string]func(ctx context.Context, s *Session) error{
	"serve": stepServe, "bench": stepBench, "tail": stepTail, "extract": stepExtract, "hive": stepHiveTable,
	"presto": stepPresto, "explicit": stepExplicit, "stream": stepStreamConsole, "stream-parquet": stepStreamParquet,
}

// steps are the catalog's steps with their code.
var steps = func() []Step {
	var out []Step
	for _, st := range catalog.Steps() {
		run, ok := runs[st.Name]
		if !ok {
			panic("runner: no code for catalog step " + st.Name)
		}
		out = append(out, Step{Step: st, Run: run})
	}
	return out
}()

func stepServe(ctx context.Context, s *Session) error {
	s.narrate("docker-compose exec mids env FLASK_APP=/w205/full-stack/game_api.py flask run --host 0.0.0.0",
		"lab serve --addr 127.0.0.1:0")
	api, err := serve.Start(serve.Config{Addr: "127.0.0.1:0", Brokers: s.opts.Endpoints.Kafka, Topic: s.topic()})
	if err != nil {
		return err
	}
	s.api = api
	s.printf(" * Serving the game API on %s, logging to topic %s\n", api.URL(), s.topic())
	return nil
}

type benchRun struct{ host, path string }

// The class's four ab runs.
var benchRuns = []benchRun{
	{"user1.comcast.com", "/"},
	{"user1.comcast.com", "/purchase_a_sword"},
	{"user2.att.com", "/"},
	{"user2.att.com", "/purchase_a_sword"},
}

func stepBench(ctx context.Context, s *Session) error {
	for _, run := range benchRuns {
		url := s.api.URL() + run.path
		s.narrate(fmt.Sprintf(`docker-compose exec mids ab -n 10 -H "Host: %s" http://localhost:5000%s`, run.host, run.path),
			fmt.Sprintf(`lab bench -n 10 -H "Host: %s" %s`, run.host, url))
		res, err := bench.Run(ctx, bench.Config{URL: url, Requests: 10, Headers: []string{"Host: " + run.host}})
		if err != nil {
			return err
		}
		bench.Banner(s.out, res.URL.Hostname())
		res.Report(s.out)
		s.Summary.count(run, res)
	}
	return nil
}

func stepTail(ctx context.Context, s *Session) error {
	s.narrate("docker-compose exec mids kafkacat -C -b kafka:29092 -t events -o beginning -e",
		fmt.Sprintf("lab tail -t %s -o beginning -e", s.topic()))
	var buf bytes.Buffer
	st, err := tail.Run(ctx, tail.Config{Brokers: s.opts.Endpoints.Kafka, Topic: s.topic(), Offset: "beginning", Exit: true}, &buf)
	if err != nil {
		return err
	}
	s.out.Write(buf.Bytes())
	s.printf("%% Reached end of topic %s: %d messages from %d partitions\n", s.topic(), st.Messages, st.Partitions)
	s.Summary.EventsProduced = st.Messages
	return nil
}

func (s *Session) topic() string { return s.opts.Names(s.opts.Topic) }

func stepExtract(ctx context.Context, s *Session) error {
	fsys, err := s.warehouse()
	if err != nil {
		return err
	}
	path := s.opts.Names("/tmp/purchases")
	s.narrate("docker-compose exec spark spark-submit /w205/full-stack2/filtered_writes.py",
		fmt.Sprintf("lab extract --topic %s --path %s --mode overwrite", s.topic(), path))
	res, err := extract.Run(ctx, extract.Config{
		Brokers: s.opts.Endpoints.Kafka, Topic: s.topic(), FS: fsys, Path: path, Mode: extract.Overwrite,
	})
	if err != nil {
		return err
	}
	for _, o := range res.Outputs {
		extract.PrintSchema(s.out, o.Schema)
		extract.Show(s.out, o.Head, extract.DefaultShowRows, extract.DefaultTruncate)
	}
	s.Summary.RowsWritten += res.Rows()
	s.Summary.Skipped += int64(res.Skipped.Total())
	for _, dir := range []string{parentDir(path), path} {
		dir = strings.TrimSuffix(dir, "/") + "/"
		s.narrate("docker-compose exec cloudera hadoop fs -ls "+dir, "lab fs ls "+dir)
		if err := warehouse.List(s.out, fsys, dir); err != nil {
			return err
		}
	}
	return nil
}

func parentDir(p string) string { return p[:strings.LastIndexByte(p, '/')+1] }

// stepExplicit is filter_swords_batch.py: the explicit schema, show(100).
// The class's job only prints; the lab also keeps the rows, at /tmp/sword_purchases_batch.
func stepExplicit(ctx context.Context, s *Session) error {
	fsys, err := s.warehouse()
	if err != nil {
		return err
	}
	path := s.opts.Names("/tmp/sword_purchases_batch")
	s.narrate("docker-compose exec spark spark-submit /w205/full-stack2/filter_swords_batch.py",
		fmt.Sprintf("lab extract --shape explicit --rows 100 --topic %s --path %s --mode overwrite", s.topic(), path))
	res, err := extract.Run(ctx, extract.Config{
		Brokers: s.opts.Endpoints.Kafka, Topic: s.topic(), FS: fsys, Path: path, Mode: extract.Overwrite,
		Shape: extract.ShapeExplicit, Preview: 100,
	})
	if err != nil {
		return err
	}
	for _, o := range res.Outputs {
		extract.PrintSchema(s.out, o.Schema)
		extract.Show(s.out, o.Head, 100, extract.DefaultTruncate)
		s.Summary.ExplicitRows = o.Rows
	}
	return nil
}

// count adds one ab run to the summary.
func (sum *Summary) count(run benchRun, res *bench.Result) {
	sum.Requests += res.Complete
	sum.Failed += res.Failed + res.Non2xx
	if run.path == "/purchase_a_sword" {
		sum.PurchasesSent += int64(res.Complete - res.Non2xx)
	}
}
