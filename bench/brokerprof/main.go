// Command brokerprof runs the embedded stack's Kafka (kfake with its data
// directory, as `lab up` starts it) and writes a CPU profile of it until
// interrupted, for load from the game API and ab:
//
//	go run ./bench/brokerprof -cpuprofile broker.prof   # prints the broker's address
//	go run ./bench/serveprof -brokers ADDR -addr 127.0.0.1:5001
//	ab -c 50 -n 20000 http://127.0.0.1:5001/purchase_a_sword
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"

	"github.com/fullstack-lab/fullstack-lab/harness/embedded"
)

func main() {
	cpu := flag.String("cpuprofile", "broker.prof", "CPU profile file")
	flag.Parse()
	if err := run(*cpu); err != nil {
		fmt.Fprintln(os.Stderr, "brokerprof:", err)
		os.Exit(1)
	}
}

func run(cpu string) error {
	dir, err := os.MkdirTemp("", "brokerprof")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	k, err := embedded.StartKafka(dir)
	if err != nil {
		return err
	}
	defer k.Close()
	f, err := os.Create(cpu)
	if err != nil {
		return err
	}
	defer f.Close()
	fmt.Println(k.Addr())
	if err := pprof.StartCPUProfile(f); err != nil {
		return err
	}
	defer pprof.StopCPUProfile()
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()
	<-ctx.Done()
	return nil
}
