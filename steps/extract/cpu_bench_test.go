package extract

import (
	"fmt"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
	"github.com/segmentio/kafka-go"
)

// BenchmarkParseWriteCPU measures the CPU per event of the extract's Go
// side without Kafka: records already in memory (bench/produce's events,
// half purchases), parsed as the partitions' readers parse them, then
// filtered, shaped and written as snappy Parquet to a local directory. It
// reports process CPU (user+sys, getrusage) per event read, which a loaded
// machine inflates far less than wall time.
func BenchmarkParseWriteCPU(b *testing.B) {
	const n = 500_000
	t0 := time.UnixMilli(1_764_000_000_000)
	msgs := make([]kafka.Message, n)
	for i := range msgs {
		et := "default"
		if i%100 < 50 {
			et = "purchase_sword"
		}
		v := `{"event_type": "` + et + `", "Host": "user` + strconv.Itoa(i%1000) + `.comcast.com", "User-Agent": "ApacheBench/2.3", "Accept": "*/*"}`
		msgs[i] = kafka.Message{Value: []byte(v), Offset: int64(i), Time: t0.Add(time.Duration(i/4) * time.Millisecond)}
	}
	for _, shape := range []Shape{ShapeInferred, ShapeExplicit} {
		b.Run(shape.String(), func(b *testing.B) {
			fsys, err := warehouse.Open("file://" + b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			defer fsys.Close()
			var cpu time.Duration
			for i := 0; b.Loop(); i++ {
				c0 := cpuTime()
				cfg := Config{Brokers: []string{"-"}, FS: fsys, Path: fmt.Sprintf("/out%d", i), Mode: Overwrite, Shape: shape}
				if err := cfg.defaults(); err != nil {
					b.Fatal(err)
				}
				outs := &outputs{cfg: cfg, byKey: map[string]*output{}}
				if _, err := outs.get(""); err != nil {
					b.Fatal(err)
				}
				res := Result{Skipped: Skipped{}}
				p := &Parser{share: true}
				for off := 0; off < n; off += chunkSize {
					pc := getChunk()
					for _, m := range msgs[off:min(off+chunkSize, n)] {
						if err := pc.parse(p, m); err != nil {
							b.Fatal(err)
						}
					}
					if err := outs.add(pc, &res, false); err != nil {
						b.Fatal(err)
					}
					putChunk(pc)
				}
				o, err := outs.commit()
				if err != nil {
					b.Fatal(err)
				}
				if o[0].Rows != n/2 {
					b.Fatalf("%d rows, want %d", o[0].Rows, n/2)
				}
				cpu += cpuTime() - c0
			}
			b.ReportMetric(float64(cpu.Nanoseconds())/float64(n*b.N), "cpu-ns/event")
		})
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
