// Command serveprof runs the game API (steps/serve) against a Kafka broker,
// or with -bare the same routes without logging (the ceiling), and writes a
// CPU profile of it until interrupted, for load from ab:
//
//	go run ./bench/serveprof -brokers 127.0.0.1:9092 -addr 127.0.0.1:5001 -cpuprofile serve.prof
//	ab -c 50 -n 20000 http://127.0.0.1:5001/purchase_a_sword
//
// The collector is set as `lab serve` sets it (GOGC=400 unless GOGC is set),
// for both.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/fullstack-lab/fullstack-lab/steps/serve"
)

func main() {
	brokers := flag.String("brokers", "127.0.0.1:9092", "Kafka brokers")
	addr := flag.String("addr", "127.0.0.1:5001", "listen address")
	topic := flag.String("topic", "bench", "topic")
	cpu := flag.String("cpuprofile", "serve.prof", "CPU profile file")
	bare := flag.Bool("bare", false, "serve the routes without logging (the ceiling)")
	flag.Parse()
	if err := run(*brokers, *addr, *topic, *cpu, *bare); err != nil {
		fmt.Fprintln(os.Stderr, "serveprof:", err)
		os.Exit(1)
	}
}

func run(brokers, addr, topic, cpu string, bare bool) error {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	f, err := os.Create(cpu)
	if err != nil {
		return err
	}
	defer f.Close()
	var stop func() error
	if bare {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			return err
		}
		srv := &http.Server{Handler: serve.Bare(serve.DefaultRoutes), ReadHeaderTimeout: 10 * time.Second}
		go func() {
			if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
				fmt.Fprintln(os.Stderr, "serveprof:", err)
			}
		}()
		fmt.Println("serving the bare routes on http://" + ln.Addr().String())
		stop = srv.Close
	} else {
		s, err := serve.Start(serve.Config{Addr: addr, Brokers: strings.Split(brokers, ","), Topic: topic})
		if err != nil {
			return err
		}
		fmt.Println("serving on", s.URL())
		stop = func() error { return s.Shutdown(context.Background()) }
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		return err
	}
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	<-ctx.Done()
	cancel()
	pprof.StopCPUProfile()
	return stop()
}
