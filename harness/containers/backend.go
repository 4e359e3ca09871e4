package containers

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness/services"
	"github.com/fullstack-lab/fullstack-lab/harness/stack"
	"github.com/moby/moby/client"
	"github.com/testcontainers/testcontainers-go"
	"golang.org/x/sync/errgroup"
)

// Backend is the containers backend.
type Backend struct {
	// Images overrides DefaultImages (the lab's own, LabImages), field by field.
	Images Images
	// Options name the Docker engine (zero: the machine's own).
	Options
}

// Name implements stack.Backend.
func (Backend) Name() string { return stack.Containers }

// Stack is a running containers stack.
type Stack struct {
	endpoints  stack.Endpoints
	cli        *client.Client
	containers []testcontainers.Container
	network    string // its ID
}

// Start implements stack.Backend: it checks that Docker answers, removes
// the containers of stacks whose owner has gone (Sweep), checks that the
// images are there, creates the stack's network, then starts the containers
// of Requests, each ready before the next one that depends on it starts
// (Kafka's chain beside HDFS's). On error everything started is removed.
func (b Backend) Start(ctx context.Context, opts stack.Options) (_ stack.Running, err error) {
	if err := b.Available(ctx); err != nil {
		return nil, err
	}
	var progressMu sync.Mutex // the chains report side by side
	progress := func(format string, args ...any) {
		if opts.Progress != nil {
			progressMu.Lock()
			fmt.Fprintf(opts.Progress, format+"\n", args...)
			progressMu.Unlock()
		}
	}
	host, err := b.publishedHost()
	if err != nil {
		return nil, err
	}
	cli, err := b.client()
	if err != nil {
		return nil, err
	}
	s := &Stack{cli: cli}
	defer func() {
		if err != nil {
			s.Close()
		}
	}()
	if err := sweep(ctx, cli, progress); err != nil {
		progress("sweep: %v", err)
	}
	images := b.Images.withDefaults()
	if err := imagesPresent(ctx, cli, images); err != nil {
		return nil, err
	}
	provider, err := b.provider(cli)
	if err != nil {
		return nil, err
	}
	ports, err := freePorts(2)
	if err != nil {
		return nil, err
	}
	name := "lab-" + newID()
	labels := map[string]string{LabelStack: name, LabelOwner: owner()}
	nw, err := cli.NetworkCreate(ctx, name, client.NetworkCreateOptions{Driver: "bridge", Labels: labels,
		// Published ports on 127.0.0.1 by default too (bindTo says so per port as well).
		Options: map[string]string{"com.docker.network.bridge.host_binding_ipv4": "127.0.0.1"}})
	if err != nil {
		return nil, fmt.Errorf("create network: %w", err)
	}
	s.network = nw.ID
	cfg := Config{
		Name:         name,
		Network:      name,
		Host:         host,
		KafkaPort:    ports[0],
		DataNodePort: ports[1],
		Images:       images,
		Labels:       labels,
	}
	reqs, err := Requests(cfg)
	if err != nil {
		return nil, err
	}
	byService, err := s.startChains(ctx, provider, cfg, reqs, progress)
	if err != nil {
		return nil, reaperHint(err)
	}

	mapped := func(svc string, port int) (string, error) {
		return mappedAddr(ctx, byService[svc], host, port)
	}
	nn, err := mapped("namenode", NameNodePort)
	if err != nil {
		return nil, err
	}
	ms, err := mapped("metastore", MetastorePort)
	if err != nil {
		return nil, err
	}
	pr, err := mapped("presto", PrestoPort)
	if err != nil {
		return nil, err
	}
	kafkaAddr := net.JoinHostPort(host, fmt.Sprint(cfg.KafkaPort))
	s.endpoints = stack.Endpoints{
		Backend:   stack.Containers,
		Kafka:     []string{kafkaAddr},
		Warehouse: "hdfs://" + nn,
		Locations: fmt.Sprintf("hdfs://%s:%d", AliasNameNode, NameNodePort),
		Metastore: ms,
		Presto:    "http://" + pr,
		Services: []stack.Service{
			{Name: "zookeeper", Addr: fmt.Sprintf("%s:%d (network %s)", AliasZooKeeper, ZooKeeperPort, cfg.Network)},
			{Name: "kafka", Addr: kafkaAddr},
			{Name: "namenode", Addr: nn},
			{Name: "datanode", Addr: net.JoinHostPort(host, fmt.Sprint(cfg.DataNodePort))},
			{Name: "metastore", Addr: ms},
			{Name: "presto", Addr: pr},
		},
	}
	return s, nil
}

// reaperHint explains a failure to start testcontainers' reaper (Ryuk),
// whose image comes from Docker Hub.
func reaperHint(err error) error {
	if strings.Contains(err.Error(), "reaper") {
		return fmt.Errorf("%w (testcontainers-go's reaper could not start: where no registry answers, set TESTCONTAINERS_RYUK_DISABLED=true; the lab removes its containers by label)", err)
	}
	return err
}

// mappedAddr is where this machine reaches c's port.
func mappedAddr(ctx context.Context, c testcontainers.Container, host string, port int) (string, error) {
	p, err := c.MappedPort(ctx, tcp(port))
	if err != nil {
		return "", fmt.Errorf("port %d: %w", port, err)
	}
	return net.JoinHostPort(host, fmt.Sprint(p.Num())), nil
}

// startChains starts reqs (in Services order) chain by chain, the chains
// concurrently. The first error cancels the other chain.
func (s *Stack) startChains(ctx context.Context, p *testcontainers.DockerProvider, cfg Config, reqs []testcontainers.GenericContainerRequest, progress func(string, ...any)) (map[string]testcontainers.Container, error) {
	// The stack's independent dependency chains (services.Table), started
	// side by side; within a chain each container is ready before the next starts.
	chains, err := services.Chains()
	if err != nil {
		return nil, err
	}
	bySvc := map[string]testcontainers.GenericContainerRequest{}
	for i, r := range reqs {
		bySvc[Services[i]] = r
	}
	var mu sync.Mutex
	started := map[string]testcontainers.Container{}
	g, gctx := errgroup.WithContext(ctx)
	for _, chain := range chains {
		g.Go(func() error {
			for _, svc := range chain {
				req := bySvc[svc]
				if s, _ := services.Lookup(svc); s.Via != "" {
					mu.Lock()
					via := started[s.Via]
					mu.Unlock()
					addr, err := mappedAddr(gctx, via, cfg.Host, mainPort(cfg, s.Via))
					if err != nil {
						return fmt.Errorf("%s: %s %w", svc, s.Via, err)
					}
					req.WaitingFor = viaProbe(s, addr)
				}
				t0 := time.Now()
				progress("%-10s starting %s ...", svc, req.Image)
				c, err := run(gctx, p, req.ContainerRequest)
				if c != nil {
					mu.Lock()
					s.containers = append(s.containers, c)
					mu.Unlock()
				}
				if err != nil {
					return fmt.Errorf("start %s (%s): %w%s%s", svc, req.Image, err, portHint(err), logTail(c, 40))
				}
				mu.Lock()
				started[svc] = c
				mu.Unlock()
				progress("%-10s ready in %s", svc, time.Since(t0).Round(100*time.Millisecond))
			}
			return nil
		})
	}
	return started, g.Wait()
}

// run creates req's container through p and starts it (testcontainers'
// GenericContainer would take a provider of its own discovery instead).
func run(ctx context.Context, p *testcontainers.DockerProvider, req testcontainers.ContainerRequest) (testcontainers.Container, error) {
	c, err := p.CreateContainer(ctx, req)
	if err != nil {
		return c, fmt.Errorf("create container: %w", err)
	}
	if err := c.Start(ctx); err != nil {
		return c, fmt.Errorf("start container: %w", err)
	}
	return c, nil
}

// Endpoints implements stack.Running.
func (s *Stack) Endpoints() stack.Endpoints { return s.endpoints }

// Close removes the stack's containers, last started first, then its network.
func (s *Stack) Close() error {
	var errs []error
	for i := len(s.containers) - 1; i >= 0; i-- {
		if err := testcontainers.TerminateContainer(s.containers[i]); err != nil {
			errs = append(errs, err)
		}
	}
	s.containers = nil
	if s.network != "" {
		if _, err := s.cli.NetworkRemove(context.Background(), s.network, client.NetworkRemoveOptions{}); err != nil {
			errs = append(errs, fmt.Errorf("remove network: %w", err))
		}
		s.network = ""
	}
	if s.cli != nil {
		s.cli.Close()
		s.cli = nil
	}
	return errors.Join(errs...)
}

// portHint explains Docker's error for a host port another process holds.
func portHint(err error) string {
	if m := err.Error(); strings.Contains(m, "port is already allocated") || strings.Contains(m, "address already in use") {
		return " (a port the stack publishes is taken on this machine: stop what holds it, or start again to pick other free ports)"
	}
	return ""
}

// logTail returns the last n lines of c's log, to show with a start error.
func logTail(c testcontainers.Container, n int) string {
	if c == nil {
		return ""
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	rc, err := c.Logs(ctx)
	if err != nil {
		return ""
	}
	defer rc.Close()
	var lines []string
	sc := bufio.NewScanner(io.LimitReader(rc, 16<<20))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if len(line) > 300 { // a JVM's classpath line runs to kilobytes
			line = line[:300] + " ..."
		}
		lines = append(lines, line)
		if len(lines) > n {
			lines = lines[1:]
		}
	}
	if len(lines) == 0 {
		return ""
	}
	return "\n--- last lines of its log ---\n" + strings.Join(lines, "\n")
}

// freePorts returns n distinct free TCP ports of this machine.
func freePorts(n int) ([]int, error) {
	var ports []int
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	for range n {
		l, err := net.Listen("tcp", ":0")
		if err != nil {
			return nil, fmt.Errorf("free port: %w", err)
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

func newID() string {
	var b [4]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
