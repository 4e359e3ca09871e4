package extract_test

import (
	"testing"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/classdata"
	"github.com/fullstack-lab/fullstack-lab/steps/extract"
)

// benchEvents is how many events the extract benchmarks read (make bench: 1,000,000).
const benchEvents = 1_000_000

// BenchmarkExtract1M measures Kafka → Parquet for 1,000,000 purchase events,
// every one kept and written: events/s is the headline number of make bench.
func BenchmarkExtract1M(b *testing.B) {
	for _, shape := range []extract.Shape{extract.ShapeInferred, extract.ShapeExplicit} {
		b.Run(shape.String(), func(b *testing.B) {
			s := harness.Start(b)
			topic := s.Name("events")
			vals := make([]string, 0, 50_000)
			for i := 0; i < benchEvents; i += cap(vals) {
				vals = vals[:0]
				for j := i; j < min(i+cap(vals), benchEvents); j++ {
					host := "user1.comcast.com"
					if j%2 == 1 {
						host = "user2.att.com"
					}
					vals = append(vals, classdata.Event("purchase_sword", host))
				}
				produce(b, s, topic, i, vals...)
			}
			fsys := s.WarehouseFS(b)
			out := s.Path("/tmp/purchases")
			b.ResetTimer()
			start := time.Now()
			for b.Loop() {
				res, err := run(b, extract.Config{Brokers: s.Kafka, Topic: topic, FS: fsys, Path: out, Mode: extract.Overwrite, Shape: shape})
				if err != nil {
					b.Fatal(err)
				}
				if res.Rows() != benchEvents {
					b.Fatalf("wrote %d rows, want %d", res.Rows(), benchEvents)
				}
			}
			b.ReportMetric(float64(benchEvents)*float64(b.N)/time.Since(start).Seconds(), "events/s")
		})
	}
}
