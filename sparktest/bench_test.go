package sparktest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/stretchr/testify/require"
)

// BenchmarkSparkVsExtract: filtered_writes.py and `lab extract` over the
// same 1,000,000 events (half purchases) on one partition of the stack's
// Kafka, one after the other in the same run: wall time, events/s, and
// the peak of the summed RSS of each one's process tree (sampled every
// 50 ms). bench/spark.sh runs it and writes BENCHMARKS.md.
func BenchmarkSparkVsExtract(b *testing.B) {
	e := setup(b)
	n := envInt("SPARK_BENCH_EVENTS", 1_000_000)
	e.produceMany(b, "events", n)
	for i := 0; i < b.N; i++ {
		e.rm(b, "/tmp/purchases", "/tmp/lab_purchases")
		spark := e.measure(b, "spark-submit", job("filtered_writes.py"))
		lab := e.measure(b, "extract", "--mode", "overwrite", "--path", "/tmp/lab_purchases")
		b.ReportMetric(spark.wall.Seconds(), "spark-s")
		b.ReportMetric(float64(n)/spark.wall.Seconds(), "spark-events/s")
		b.ReportMetric(float64(spark.peakRSS)/(1<<20), "spark-MiB")
		b.ReportMetric(lab.wall.Seconds(), "lab-s")
		b.ReportMetric(float64(n)/lab.wall.Seconds(), "lab-events/s")
		b.ReportMetric(float64(lab.peakRSS)/(1<<20), "lab-MiB")
		b.ReportMetric(spark.wall.Seconds()/lab.wall.Seconds(), "ratio")
		b.ReportMetric(float64(n), "events")
	}
}

// BenchmarkStreamLatency: each class streaming job beside `lab stream` with
// the same trigger, on the same topic, in the same run. One purchase at a
// time is produced (every 2.3 s, out of step with the triggers); its
// latency runs from the broker's acknowledgement to the line that reports
// the batch holding it committed (Spark's progress report, read by lab
// spark-submit; lab stream's batch line).
func BenchmarkStreamLatency(b *testing.B) {
	e := setup(b)
	k := envInt("SPARK_BENCH_SENDS", 8)
	for _, c := range []struct {
		name, job string
		lab       []string
	}{
		// write_swords_stream.py: processingTime="10 seconds", parquet.
		{"parquet-10s", "write_swords_stream.py", []string{"stream", "--sink", "parquet", "--path", "/tmp/lab_sword_purchases",
			"--checkpoint", "/tmp/lab_checkpoints", "--trigger", "10s"}},
		// filter_swords_stream.py: no trigger (the next batch as soon as the
		// last ends); lab stream polls every 100 ms.
		{"console-asap", "filter_swords_stream.py", []string{"stream", "--trigger", "100ms"}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				e.rm(b, "/tmp/sword_purchases", "/tmp/checkpoints_for_sword_purchases", "/tmp/lab_sword_purchases", "/tmp/lab_checkpoints")
				spark := e.start(b, "spark-submit", "--timeout", "10m", job(c.job))
				lab := e.start(b, c.lab...)
				spark.errOut.waitFor(b, spark, sparkStarted, 5*time.Minute)
				lab.errOut.waitFor(b, lab, labStarted, time.Minute)
				sparkLat := batchTimes(spark.errOut, regexp.MustCompile(`spark-submit: batch (\d+): ([1-9]\d*) rows`))
				labLat := batchTimes(lab.errOut, regexp.MustCompile(`stream: batch (\d+): ([1-9]\d*) records? read`))
				var sent []time.Time
				for j := 0; j < k; j++ {
					e.produce(b, "events", flaskEvent("purchase_sword", fmt.Sprintf("lat%d.example.com", j)))
					sent = append(sent, time.Now())
					time.Sleep(2300 * time.Millisecond) // the load's pace, not a readiness wait
				}
				sp := sparkLat.wait(b, k, 2*time.Minute)
				lp := labLat.wait(b, k, 2*time.Minute)
				spark.stop(b)
				lab.stop(b)
				sl, ll := latencies(sent, sp), latencies(sent, lp)
				b.ReportMetric(pct(sl, 50), "spark-p50-ms")
				b.ReportMetric(pct(sl, 100), "spark-max-ms")
				b.ReportMetric(pct(ll, 50), "lab-p50-ms")
				b.ReportMetric(pct(ll, 100), "lab-max-ms")
				b.ReportMetric(float64(k), "purchases")
			}
		})
	}
}

// batchSeen records when each batch line with rows appeared, and its rows.
type batchSeen struct {
	mu    sync.Mutex
	at    []time.Time
	rows  []int
	seen  map[string]bool
	ready chan struct{}
}

// batchTimes watches w for batch lines.
func batchTimes(w *watched, re *regexp.Regexp) *batchSeen {
	s := &batchSeen{seen: map[string]bool{}, ready: make(chan struct{}, 1)}
	go func() {
		for {
			w.mu.Lock()
			text, changed := w.b.String(), w.changed
			w.mu.Unlock()
			now := time.Now()
			s.mu.Lock()
			for _, m := range re.FindAllStringSubmatch(text, -1) {
				if !s.seen[m[1]] {
					s.seen[m[1]] = true
					r, _ := strconv.Atoi(m[2])
					s.at, s.rows = append(s.at, now), append(s.rows, r)
					select {
					case s.ready <- struct{}{}:
					default:
					}
				}
			}
			s.mu.Unlock()
			<-changed
		}
	}()
	return s
}

// wait waits until the batches seen hold k rows and returns each row's
// batch time, in order.
func (s *batchSeen) wait(b testing.TB, k int, timeout time.Duration) []time.Time {
	deadline := time.After(timeout)
	for {
		s.mu.Lock()
		var times []time.Time
		for i, r := range s.rows {
			for j := 0; j < r; j++ {
				times = append(times, s.at[i])
			}
		}
		s.mu.Unlock()
		if len(times) >= k {
			return times[:k]
		}
		select {
		case <-s.ready:
		case <-deadline:
			b.Fatalf("%d of %d rows reported in %s", len(times), k, timeout)
		}
	}
}

func latencies(sent, seen []time.Time) []float64 {
	var l []float64
	for i := range sent {
		l = append(l, float64(seen[i].Sub(sent[i]).Milliseconds()))
	}
	sort.Float64s(l)
	return l
}

func pct(sorted []float64, p int) float64 {
	i := (len(sorted)*p + 99) / 100
	if i > 0 {
		i--
	}
	return sorted[i]
}

type measured struct {
	wall    time.Duration
	peakRSS int64
}

// measure runs `lab ARGS`, sampling its process tree's summed RSS.
func (e *env) measure(b testing.TB, args ...string) measured {
	cmd := exec.Command(e.lab, append([]string{"--dir", e.dir}, args...)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	require.NoError(b, cmd.Start())
	done := make(chan struct{})
	var peak int64
	go func() {
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			if r := treeRSS(cmd.Process.Pid); r > peak {
				peak = r
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	err := cmd.Wait()
	wall := time.Since(start)
	close(done)
	require.NoError(b, err, "lab %s:\n%s", strings.Join(args, " "), tail(out.String(), 40))
	return measured{wall: wall, peakRSS: peak}
}

// treeRSS is the summed resident memory of pid and its descendants, bytes.
func treeRSS(pid int) int64 {
	children := map[int][]int{}
	ents, _ := os.ReadDir("/proc")
	for _, d := range ents {
		p, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", d.Name(), "stat"))
		if err != nil {
			continue
		}
		f := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
		if len(f) > 1 {
			pp, _ := strconv.Atoi(f[1])
			children[pp] = append(children[pp], p)
		}
	}
	var sum int64
	var walk func(int)
	walk = func(p int) {
		status, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(p), "status"))
		if err == nil {
			for _, l := range strings.Split(string(status), "\n") {
				if strings.HasPrefix(l, "VmRSS:") {
					kb, _ := strconv.ParseInt(strings.Fields(l)[1], 10, 64)
					sum += kb << 10
				}
			}
		}
		for _, c := range children[p] {
			walk(c)
		}
	}
	walk(pid)
	return sum
}

// produceMany writes n events, half purchases, to topic's first partition.
func (e *env) produceMany(b testing.TB, topic string, n int) {
	w := &kafka.Writer{Addr: kafka.TCP(e.st.Kafka...), Topic: topic, RequiredAcks: kafka.RequireAll,
		AllowAutoTopicCreation: true, BatchTimeout: 10 * time.Millisecond, BatchSize: 5000, BatchBytes: 900_000, // under the broker's 1 MB message limit
		Balancer: kafka.BalancerFunc(func(_ kafka.Message, partitions ...int) int { return partitions[0] })}
	defer w.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	msgs := make([]kafka.Message, 0, 5000)
	for i := 0; i < n; i++ {
		typ := "purchase_sword"
		if i%2 == 1 {
			typ = "default"
		}
		msgs = append(msgs, kafka.Message{Value: []byte(flaskEvent(typ, []string{"user1.comcast.com", "user2.att.com"}[i/2%2]))})
		if len(msgs) == cap(msgs) || i == n-1 {
			require.NoError(b, w.WriteMessages(ctx, msgs...))
			msgs = msgs[:0]
		}
	}
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}
