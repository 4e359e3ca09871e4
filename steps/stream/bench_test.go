package stream_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/classdata"
	"github.com/fullstack-lab/fullstack-lab/harness/hms"
	"github.com/fullstack-lab/fullstack-lab/steps/serve/servetest"
	"github.com/fullstack-lab/fullstack-lab/steps/stream"
)

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// BenchmarkStreamLatency: purchases at a steady rate through the game API,
// the stream writing with a 1 s trigger, Presto polled for the new rows.
// Latency is from a purchase's HTTP 200 to the first Presto answer that
// holds its row (each purchase has a Host of its own). STREAM_BENCH_RATE
// (purchases/s, default 200) and STREAM_BENCH_SECONDS (default 20) set the load.
func BenchmarkStreamLatency(b *testing.B) {
	rate, secs := envInt("STREAM_BENCH_RATE", 200), envInt("STREAM_BENCH_SECONDS", 20)
	s := harness.Start(b)
	mc, db := s.MetastoreClient(b), s.PrestoDB(b)
	topic, out, ck := s.Name("events"), s.Path("/tmp/sword_purchases"), s.Path("/tmp/checkpoints_for_sword_purchases")
	fsys := s.WarehouseFS(b)
	api := servetest.Start(b, s.Kafka, topic)
	table := s.Name("sword_purchases")
	require.NoError(b, mc.CreateTable(hms.Table{DB: "default", Name: table, Location: fsys.URI(out),
		Columns: []hms.Column{{Name: "Host", Type: "string"}, {Name: "timestamp", Type: "string"}}, TableType: hms.ExternalTable}))
	defer mc.DropTable("default", table)

	for i := 0; i < b.N; i++ {
		runCtx, stop := context.WithCancel(context.Background())
		errc := make(chan error, 1)
		go func() {
			errc <- stream.Run(runCtx, stream.Config{Brokers: s.Kafka, Topic: topic, FS: fsys, Sink: stream.Parquet,
				Path: out, Checkpoint: ck, Trigger: time.Second, StartingOffsets: stream.Earliest})
		}()

		var mu sync.Mutex
		ok := map[string]time.Time{} // host → its 200
		seen := map[string]time.Time{}
		pollDone := make(chan error, 1)
		sendDone := make(chan struct{})
		go func() { // Presto, polled
			for {
				hosts, err := selectHosts(db, table)
				now := time.Now()
				if err != nil {
					pollDone <- err
					return
				}
				for _, h := range hosts {
					if _, dup := seen[h]; !dup && h != "" {
						seen[h] = now
					}
				}
				select {
				case <-sendDone:
					mu.Lock()
					all := len(seen) >= len(ok)
					mu.Unlock()
					if all {
						pollDone <- nil
						return
					}
				default:
				}
				time.Sleep(20 * time.Millisecond) // poll interval
			}
		}()

		b.ResetTimer()
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
		tick := time.NewTicker(time.Second / time.Duration(rate))
		var wg sync.WaitGroup
		var sendErr error
		start := time.Now()
		for n := 0; time.Since(start) < time.Duration(secs)*time.Second; n++ {
			<-tick.C
			host := fmt.Sprintf("p%d.bench", n)
			wg.Add(1)
			go func() {
				defer wg.Done()
				req, _ := http.NewRequest("GET", api.URL()+"/purchase_a_sword", nil)
				req.Host = host
				resp, err := client.Do(req)
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != 200 {
						err = fmt.Errorf("status %d", resp.StatusCode)
					}
				}
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					sendErr = err
					return
				}
				ok[host] = time.Now()
			}()
		}
		tick.Stop()
		wg.Wait()
		sent := time.Since(start)
		close(sendDone)
		require.NoError(b, sendErr)
		select {
		case err := <-pollDone:
			require.NoError(b, err)
		case <-time.After(60 * time.Second):
			b.Fatalf("%d of %d purchases seen through Presto after 60s", len(seen), len(ok))
		}
		b.StopTimer()
		stop()
		require.NoError(b, <-errc)

		lat := make([]time.Duration, 0, len(ok))
		for h, t := range ok {
			st, found := seen[h]
			require.True(b, found, "purchase %s never seen", h)
			lat = append(lat, max(0, st.Sub(t)))
		}
		require.Len(b, seen, len(ok), "Presto shows exactly the purchases sent")
		require.Equal(b, [][]string{{fmt.Sprint(len(ok)), fmt.Sprint(len(ok))}}, s.Query(b, "select count(*), count(distinct host) from "+table), "each purchase once")
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		pct := func(q float64) float64 { return float64(lat[int(q*float64(len(lat)-1))]) / 1e6 }
		b.ReportMetric(pct(0.50), "p50-ms")
		b.ReportMetric(pct(0.99), "p99-ms")
		b.ReportMetric(float64(len(ok))/sent.Seconds(), "purchases/s")
		b.ReportMetric(float64(len(ok)), "purchases")
	}
}

// BenchmarkStreamBacklog: the stream's own rate, records/s from Kafka to
// Parquet, over a backlog of STREAM_BENCH_RECORDS records (default 1,000,000;
// half purchases), in batches of at most one trigger's arrivals (here: one).
func BenchmarkStreamBacklog(b *testing.B) {
	n := envInt("STREAM_BENCH_RECORDS", 1_000_000)
	s := harness.Start(b)
	topic := s.Name("events")
	fsys := s.WarehouseFS(b)
	vals := make([]string, 0, 10000)
	for i := 0; i < n; i++ {
		et := "purchase_sword"
		if i%2 == 1 {
			et = "default"
		}
		vals = append(vals, classdata.Event(et, fmt.Sprintf("user%d.comcast.com", i%10)))
		if len(vals) == cap(vals) || i == n-1 {
			s.Produce(b, topic, vals...)
			vals = vals[:0]
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		q, err := stream.New(context.Background(), stream.Config{Brokers: s.Kafka, Topic: topic, FS: fsys, Sink: stream.Parquet,
			Path: s.Path(fmt.Sprintf("/tmp/backlog%d", i)), Checkpoint: s.Path(fmt.Sprintf("/tmp/ck%d", i)), StartingOffsets: stream.Earliest})
		require.NoError(b, err)
		start := time.Now()
		res, ran, err := q.Trigger(context.Background())
		require.NoError(b, err)
		require.True(b, ran)
		require.EqualValues(b, n, res.Read)
		require.EqualValues(b, (n+1)/2, res.Rows)
		b.ReportMetric(float64(n)/time.Since(start).Seconds(), "records/s")
	}
}

// selectHosts returns the hosts of table, as Presto answers now.
func selectHosts(db *sql.DB, table string) ([]string, error) {
	rows, err := db.Query("select host from " + table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var hosts []string
	for rows.Next() {
		var h sql.NullString
		if err := rows.Scan(&h); err != nil {
			return nil, err
		}
		hosts = append(hosts, h.String)
	}
	return hosts, rows.Err()
}
