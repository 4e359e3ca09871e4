// Command serveprof runs the game API (steps/serve) against a Kafka broker
// and writes a CPU profile of it until interrupted, for load from ab:
//
//	go run ./bench/serveprof -brokers 127.0.0.1:9092 -addr 127.0.0.1:5001 -cpuprofile serve.prof
//	ab -c 50 -n 20000 http://127.0.0.1:5001/purchase_a_sword
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime/pprof"
	"strings"
	"syscall"

	"github.com/fullstack-lab/fullstack-lab/steps/serve"
)

func main() {
	brokers := flag.String("brokers", "127.0.0.1:9092", "Kafka brokers")
	addr := flag.String("addr", "127.0.0.1:5001", "listen address")
	topic := flag.String("topic", "bench", "topic")
	cpu := flag.String("cpuprofile", "serve.prof", "CPU profile file")
	flag.Parse()
	f, err := os.Create(*cpu)
	if err != nil {
		fmt.Fprintln(os.Stderr, "serveprof:", err)
		os.Exit(1)
	}
	s, err := serve.Start(serve.Config{Addr: *addr, Brokers: strings.Split(*brokers, ","), Topic: *topic})
	if err != nil {
		fmt.Fprintln(os.Stderr, "serveprof:", err)
		os.Exit(1)
	}
	pprof.StartCPUProfile(f)
	fmt.Println("serving on", s.URL())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	<-ctx.Done()
	stop()
	pprof.StopCPUProfile()
	f.Close()
	s.Shutdown(context.Background())
}
