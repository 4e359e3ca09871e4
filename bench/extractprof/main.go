// Command extractprof runs one extract, or one stream batch over a topic's
// backlog, in a process of its own, and reports its wall time, events/s,
// peak RSS and peak live heap; -cpuprofile writes a CPU profile.
//
//	go run ./bench/extractprof -brokers 127.0.0.1:9092 -topic events -shape inferred -warehouse file:///tmp/wh
//	go run ./bench/extractprof -mode stream ...
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path"
	"runtime/pprof"
	"runtime/trace"
	"strings"
	"syscall"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
	"github.com/fullstack-lab/fullstack-lab/internal/memstat"
	"github.com/fullstack-lab/fullstack-lab/steps/extract"
	"github.com/fullstack-lab/fullstack-lab/steps/stream"
)

func main() {
	brokers := flag.String("brokers", "127.0.0.1:9092", "Kafka brokers")
	topic := flag.String("topic", "events", "topic to read")
	mode := flag.String("mode", "extract", "extract, or stream (one batch over the backlog, parquet sink)")
	shape := flag.String("shape", "inferred", "extract's shape: inferred or explicit")
	wh := flag.String("warehouse", "file:///tmp/extractprof", "warehouse root")
	out := flag.String("path", "/out", "output path in the warehouse")
	cpu := flag.String("cpuprofile", "", "write a CPU profile to this file")
	tr := flag.String("trace", "", "write an execution trace to this file (go tool trace; -pprof=net shows where the run waited)")
	flag.Parse()
	if *tr != "" {
		f, err := os.Create(*tr)
		if err != nil {
			fmt.Fprintln(os.Stderr, "extractprof:", err)
			os.Exit(1)
		}
		trace.Start(f)
		defer f.Close()
		defer trace.Stop()
	}
	if err := run(*brokers, *topic, *mode, *shape, *wh, *out, *cpu); err != nil {
		fmt.Fprintln(os.Stderr, "extractprof:", err)
		os.Exit(1)
	}
}

func run(brokers, topic, mode, shapeName, wh, out, cpu string) error {
	fsys, err := warehouse.Open(wh)
	if err != nil {
		return err
	}
	defer fsys.Close()
	if cpu != "" {
		f, err := os.Create(cpu)
		if err != nil {
			return err
		}
		defer f.Close()
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	peak := memstat.WatchLiveHeap()
	ctx := context.Background()
	start := time.Now()
	var read, rows int64
	switch mode {
	case "extract":
		shape, err := extract.ParseShape(shapeName)
		if err != nil {
			return err
		}
		res, err := extract.Run(ctx, extract.Config{Brokers: strings.Split(brokers, ","), Topic: topic, FS: fsys, Path: out, Mode: extract.Overwrite, Shape: shape})
		if err != nil {
			return err
		}
		read, rows = res.Read, res.Rows()
	case "stream":
		ck := path.Join(out+"-checkpoint", fmt.Sprint(time.Now().UnixNano()))
		dir := path.Join(out+"-stream", fmt.Sprint(time.Now().UnixNano()))
		q, err := stream.New(ctx, stream.Config{Brokers: strings.Split(brokers, ","), Topic: topic, FS: fsys, Sink: stream.Parquet,
			Path: dir, Checkpoint: ck, StartingOffsets: stream.Earliest})
		if err != nil {
			return err
		}
		defer q.Close()
		start = time.Now()
		res, _, err := q.Trigger(ctx)
		if err != nil {
			return err
		}
		read, rows = res.Read, res.Rows
	default:
		return fmt.Errorf("unknown mode %q", mode)
	}
	secs := time.Since(start).Seconds()
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	name := mode
	if mode == "extract" {
		name += " " + shapeName
	}
	fmt.Printf("%s: %d events read, %d rows, %.2f s, %.0f events/s, peak RSS %.0f MB, peak live heap %.0f MB, CPU %.2f s\n",
		name, read, rows, secs, float64(read)/secs, float64(memstat.PeakRSS())/(1<<20), float64(peak())/(1<<20),
		time.Duration(ru.Utime.Nano()+ru.Stime.Nano()).Seconds())
	return nil
}
