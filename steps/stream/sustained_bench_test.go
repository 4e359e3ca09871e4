package stream_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/steps/bench"
	"github.com/fullstack-lab/fullstack-lab/steps/serve/servetest"
	"github.com/fullstack-lab/fullstack-lab/steps/stream"
)

// BenchmarkStreamSustained: the game API under load as fast as it answers
// (the bench step, ab -c 50 -k, for STREAM_BENCH_SECONDS, default 20),
// every request a purchase, while the stream writes Parquet with a 1 s
// trigger. Sustained: the purchases answered 200, over the time from the
// load's start to the commit of the batch that holds the last of them.
// Drain: from the load's end to that commit; about one trigger when the
// stream keeps up with the API, growing with the load when it does not.
func BenchmarkStreamSustained(b *testing.B) {
	secs := envInt("STREAM_BENCH_SECONDS", 20)
	s := harness.Start(b)
	topic := s.Name("events")
	s.CreateTopic(b, topic)
	fsys := s.WarehouseFS(b)
	api := servetest.Start(b, s.Kafka, topic)

	for i := 0; i < b.N; i++ {
		var mu sync.Mutex
		var written int64
		var lastCommit time.Time
		var batches int
		// The query fixes its starting offsets (latest) before the load starts.
		q, err := stream.New(context.Background(), stream.Config{Brokers: s.Kafka, Topic: topic, FS: fsys, Sink: stream.Parquet,
			Path: s.Path(fmt.Sprintf("/tmp/sustained%d", i)), Checkpoint: s.Path(fmt.Sprintf("/tmp/ck_sustained%d", i)),
			Trigger: time.Second, StartingOffsets: stream.Latest,
			OnBatch: func(r stream.BatchResult) {
				mu.Lock()
				defer mu.Unlock()
				written += r.Rows
				lastCommit = time.Now()
				batches++
			}})
		require.NoError(b, err)
		runCtx, stop := context.WithCancel(context.Background())
		errc := make(chan error, 1)
		go func() { errc <- q.Run(runCtx) }()

		b.ResetTimer()
		start := time.Now()
		res, err := bench.Run(context.Background(), bench.Config{URL: api.URL() + "/purchase_a_sword",
			Concurrency: 50, KeepAlive: true, TimeLimit: time.Duration(secs) * time.Second, Requests: 1 << 30})
		loadEnd := time.Now()
		require.NoError(b, err)
		require.Zero(b, res.Failed+res.Non2xx, "failed or non-2xx requests")
		sent := int64(res.Complete)

		// Every purchase answered 200 lands in a batch; wait for the last (one trigger, if it keeps up).
		require.Eventually(b, func() bool {
			mu.Lock()
			defer mu.Unlock()
			return written >= sent
		}, 2*time.Minute, 10*time.Millisecond, "all %d purchases written within 2 minutes after the load", sent)
		b.StopTimer()
		stop()
		require.NoError(b, <-errc)
		require.NoError(b, q.Close())
		mu.Lock()
		require.Equal(b, sent, written, "every purchase written once")
		b.ReportMetric(float64(sent)/lastCommit.Sub(start).Seconds(), "purchases/s")
		b.ReportMetric(lastCommit.Sub(loadEnd).Seconds(), "drain-s")
		b.ReportMetric(float64(sent), "purchases")
		b.ReportMetric(float64(batches), "batches")
		mu.Unlock()
	}
}
