package runner

import (
	"context"
	"fmt"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
	"github.com/fullstack-lab/fullstack-lab/steps/bench"
	"github.com/fullstack-lab/fullstack-lab/steps/stream"
)

// stepStreamConsole is filter_swords_stream.py: each batch on the console;
// the class's four ab runs give the next batch.
func stepStreamConsole(ctx context.Context, s *Session) error {
	fsys, err := s.warehouse()
	if err != nil {
		return err
	}
	s.narrate("docker-compose exec spark spark-submit /w205/full-stack2/filter_swords_stream.py",
		fmt.Sprintf("lab stream --sink console --topic %s --starting-offsets earliest --trigger %s", s.topic(), s.opts.Trigger))
	q, err := stream.New(ctx, stream.Config{
		Brokers: s.opts.Endpoints.Kafka, Topic: s.topic(), FS: fsys, Sink: stream.Console,
		StartingOffsets: stream.Earliest, Trigger: s.opts.Trigger, Out: s.out,
	})
	if err != nil {
		return err
	}
	defer q.Close()
	// The events already on the topic make the first batch.
	if _, _, err := q.Trigger(ctx); err != nil {
		return err
	}
	s.printf("\n(the stream waits for more; the class's four ab runs again:)\n")
	if err := s.benchQuietly(ctx, benchRuns, 10); err != nil {
		return err
	}
	res, _, err := q.Trigger(ctx)
	if err != nil {
		return err
	}
	s.Summary.StreamConsoleRows = res.Rows
	s.printf("(Ctrl-C ends the stream)\n")
	return nil
}

// benchQuietly runs ab runs without printing their reports, counting them in the summary.
func (s *Session) benchQuietly(ctx context.Context, runs []benchRun, n int) error {
	for _, run := range runs {
		res, err := bench.Run(ctx, bench.Config{URL: s.api.URL() + run.path, Requests: n, Headers: []string{"Host: " + run.host}})
		if err != nil {
			return err
		}
		s.printf("lab bench -n %d -H \"Host: %s\" %s%s: %d complete, %d failed\n", n, run.host, s.api.URL(), run.path, res.Complete, res.Failed+res.Non2xx)
		s.Summary.count(run, res)
	}
	return nil
}

// stepStreamParquet is write_swords_stream.py: a batch every trigger, each a
// new Parquet file in /tmp/sword_purchases, while ab runs in a loop.
func stepStreamParquet(ctx context.Context, s *Session) error {
	fsys, err := s.warehouse()
	if err != nil {
		return err
	}
	path := s.opts.Names("/tmp/sword_purchases")
	ckpt := s.opts.Names("/tmp/checkpoints_for_sword_purchases")
	s.narrate("docker-compose exec spark spark-submit /w205/full-stack2/write_swords_stream.py",
		fmt.Sprintf("lab stream --sink parquet --topic %s --path %s --checkpoint %s --starting-offsets earliest --trigger %s",
			s.topic(), path, ckpt, s.opts.Trigger))
	batches := make(chan stream.BatchResult, 100)
	q, err := stream.New(ctx, stream.Config{
		Brokers: s.opts.Endpoints.Kafka, Topic: s.topic(), FS: fsys, Sink: stream.Parquet,
		Path: path, Checkpoint: ckpt, StartingOffsets: stream.Earliest, Trigger: s.opts.Trigger,
		OnBatch: func(r stream.BatchResult) { batches <- r },
	})
	if err != nil {
		return err
	}
	defer q.Close()
	qctx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- q.Run(qctx) }()
	defer func() { stop(); <-done }()

	s.narrate(`while true; do docker-compose exec mids ab -n 10 -H "Host: user1.comcast.com" http://localhost:5000/purchase_a_sword; done`,
		"(five rounds of) lab bench -n 10 -H \"Host: user1.comcast.com\" .../purchase_a_sword")
	loop := []benchRun{{"user1.comcast.com", "/purchase_a_sword"}}
	for i := 0; i < 5; i++ {
		if err := s.benchQuietly(ctx, loop, 10); err != nil {
			return err
		}
	}
	// Every purchase on the topic lands in the directory: wait for the batch that takes the last of them.
	want := s.Summary.PurchasesSent
	var rows int64
	deadline := time.After(2*s.opts.Trigger + time.Minute)
	for rows < want {
		select {
		case r := <-batches:
			rows += r.Rows
			s.Summary.StreamBatches++
			s.printf("batch %d: %d records read, %d purchase rows -> %s\n", r.ID, r.Read, r.Rows, r.File)
		case err := <-done:
			done <- err
			return fmt.Errorf("the stream stopped: %v", err)
		case <-deadline:
			return fmt.Errorf("the stream wrote %d of %d purchases in time", rows, want)
		}
	}
	s.Summary.StreamRows = rows
	s.narrate("docker-compose exec cloudera hadoop fs -ls /tmp/sword_purchases", "lab fs ls "+path)
	if err := warehouse.List(s.out, fsys, path); err != nil {
		return err
	}
	// A table over the directory: each new batch file joins it, no DDL change.
	table := s.opts.Names("sword_purchases")
	if err := s.hiveDDL(table, path); err != nil {
		return err
	}
	c, err := s.presto()
	if err != nil {
		return err
	}
	s.narrate("docker-compose exec presto presto --server presto:8080 --catalog hive --schema default", "lab presto")
	res, err := s.query(ctx, c, "select count(*) from "+table)
	if err != nil {
		return err
	}
	s.Summary.StreamTableRows = fmt.Sprint(res.Rows[0][0])
	return nil
}
