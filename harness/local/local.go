package local

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness/services"
	"github.com/fullstack-lab/fullstack-lab/harness/stack"
	"golang.org/x/sync/errgroup"
)

// Backend is the local backend.
type Backend struct {
	// Options pick the services' versions, cache and JDK (zero: the defaults).
	Options
}

// Name implements stack.Backend.
func (Backend) Name() string { return stack.Local }

// Start implements stack.Backend.
func (b Backend) Start(ctx context.Context, opts stack.Options) (stack.Running, error) {
	return Start(ctx, b.Options, opts)
}

// Stack is a running local stack: one process per service.
type Stack struct {
	endpoints stack.Endpoints

	mu    sync.Mutex
	procs []*process // in the order they started
	specs map[string]spec
	l     layout
}

// spec is how a service was started and is known ready, for Restart.
type spec struct {
	c     command
	check func(context.Context) error
}

// JDK ranges per service: Hadoop and what runs on its client (the metastore,
// Presto's hive connector) are not ready for Java 23's removal of the
// Security Manager's Subject calls.
const (
	minJava       = 17
	maxJavaHadoop = 21
)

// Start fetches the services if needed (into CacheDir), then starts them
// with their data, configs and logs under opts.Dir, and returns once every
// one answers over its protocol. A start that fails stops what it started.
//
// The order, the chains started side by side and every readiness check
// come from services.Table: Kafka after ZooKeeper (Kafka 4, o.Kafka "4",
// runs alone in KRaft mode after its storage is formatted), the DataNode
// after the NameNode, the metastore once HDFS takes writes (its schema made
// meanwhile), and Presto's JVM boots beside them (it reads the metastore per query).
func Start(ctx context.Context, o Options, opts stack.Options) (_ *Stack, err error) {
	progress := func(format string, args ...any) {
		if opts.Progress != nil {
			fmt.Fprintf(opts.Progress, format+"\n", args...)
		}
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("local stack dir: %w", err)
	}
	jdk, mvn, err := checkPrerequisites(o.JavaHome)
	if err != nil {
		return nil, err
	}
	hadoopJDK, err := findJDK(jdk, minJava, maxJavaHadoop)
	if err != nil {
		return nil, fmt.Errorf("hdfs, metastore, presto: %w", err)
	}
	cache, err := o.cacheDir()
	if err != nil {
		return nil, err
	}
	hive, err := o.hive()
	if err != nil {
		return nil, err
	}
	kafka, err := o.kafka()
	if err != nil {
		return nil, err
	}
	a, err := fetcher{kafka: kafka, hive: hive, cache: cache, mvn: mvn, jdk: jdk, progress: progress}.fetch(ctx)
	if err != nil {
		return nil, err
	}

	l := layout{dir: dir, kraft: a.kafka.kraft}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("local stack dir: %w", err)
	}
	p, err := allocatePorts(filepath.Join(dir, "ports.json"))
	if err != nil {
		return nil, err
	}
	if err := l.render(l.params(p)); err != nil {
		return nil, fmt.Errorf("configs: %w", err)
	}

	s := &Stack{l: l, specs: map[string]spec{}}
	defer func() {
		if err != nil {
			s.Close()
		}
	}()
	addr := func(port int) string { return loopback + ":" + strconv.Itoa(port) }
	prestoURL := "http://" + addr(p.Presto)
	began := time.Now()
	ready := func(name, where string) {
		progress("%-10s %s (ready after %.1fs)", name, where, time.Since(began).Seconds())
	}

	// Where each service is asked whether it is ready (services.Table's probes).
	where := map[string]string{
		"zookeeper": addr(p.ZooKeeper), "kafka": addr(p.Kafka), "namenode": addr(p.NameNode),
		"datanode": addr(p.DataNode), "metastore": addr(p.Metastore), "presto": addr(p.Presto),
	}
	check := func(name string) func(context.Context) error {
		sv, _ := services.Lookup(name)
		at := where[sv.Name]
		if sv.Via != "" {
			at = where[sv.Via]
		}
		return func(ctx context.Context) error { return sv.Ready(ctx, at) }
	}
	// A NameNode restarted is ready once it takes blocks again (its DataNode re-registered).
	nnStat, dnWrite := check("namenode"), check("datanode")
	nnCheck := func(ctx context.Context) error {
		if err := nnStat(ctx); err != nil {
			return err
		}
		return dnWrite(ctx)
	}

	g, gctx := errgroup.WithContext(ctx)
	schemaDone := make(chan struct{})
	g.Go(func() error { // the metastore's schema, made once, while the chains start
		marker := l.data("metastore_db.initialised")
		if _, err := os.Stat(marker); err != nil {
			os.RemoveAll(l.data("metastore_db")) // a half-made schema is made again
			if err := s.once(l, l.schemaTool(hadoopJDK, a)); err != nil {
				return err
			}
			if err := os.WriteFile(marker, nil, 0o644); err != nil {
				return err
			}
		}
		close(schemaDone)
		return nil
	})
	// Each service: what it needs done first, its command, its check.
	type unit struct {
		prepare func() error
		cmd     func() (command, error)
		check   func(context.Context) error
		note    string // after its address in the ready line
	}
	mode := "ZooKeeper mode"
	if a.kafka.kraft {
		mode = "KRaft, controller on " + addr(p.KafkaController)
	}
	units := map[string]unit{
		"zookeeper": {cmd: func() (command, error) { return l.zooKeeper(jdk, a), nil }},
		"kafka": {
			prepare: func() error { // Kafka 4's storage, formatted once
				if !a.kafka.kraft {
					return nil
				}
				if _, err := os.Stat(filepath.Join(l.kafkaLogDir(), "meta.properties")); err == nil {
					return nil
				}
				return s.once(l, l.kafkaFormat(jdk, a, newClusterID()))
			},
			cmd:  func() (command, error) { return l.kafka(jdk, a), nil },
			note: " (Kafka " + a.kafka.version + ", " + mode + ")",
		},
		"namenode": {
			prepare: func() error { // HDFS formatted once
				if _, err := os.Stat(l.data("hdfs", "name", "current", "VERSION")); err == nil {
					return nil
				}
				return s.once(l, l.format(hadoopJDK, a))
			},
			cmd:   func() (command, error) { return l.nameNode(hadoopJDK, a), nil },
			check: nnCheck,
		},
		"datanode": {cmd: func() (command, error) { return l.dataNode(hadoopJDK, a), nil }},
		"metastore": {
			prepare: func() error {
				select {
				case <-schemaDone:
					return nil
				case <-gctx.Done():
					return gctx.Err()
				}
			},
			cmd:  func() (command, error) { return l.metastoreServer(hadoopJDK, a), nil },
			note: " (Hive " + a.hive.version + ")",
		},
		"presto": {cmd: func() (command, error) { return l.presto(hadoopJDK, a) }},
	}
	var skip []string
	if a.kafka.kraft {
		skip = []string{"zookeeper"} // Kafka 4 runs alone in KRaft mode
	}
	chains, err := services.Chains(skip...)
	if err != nil {
		return nil, err
	}
	for _, chain := range chains { // side by side; in a chain each service ready before the next starts
		g.Go(func() error {
			for _, name := range chain {
				u := units[name]
				if u.prepare != nil {
					if err := u.prepare(); err != nil {
						return err
					}
				}
				c, err := u.cmd()
				if err != nil {
					return err
				}
				restartCheck := u.check
				if restartCheck == nil {
					restartCheck = check(name)
				}
				pr, err := s.launchNoWait(l, c, restartCheck)
				if err != nil {
					return err
				}
				// The first start waits for the table's probe (the NameNode's
				// stat; its write is the DataNode's, next in the chain).
				if err := waitReady(gctx, pr, check(name)); err != nil {
					return err
				}
				at := where[name]
				if name == "presto" {
					at = prestoURL
				}
				ready(name, at+u.note)
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, fmt.Errorf("local stack: %w", err)
	}

	s.endpoints = stack.Endpoints{
		Backend:   stack.Local,
		Kafka:     []string{addr(p.Kafka)},
		Warehouse: "hdfs://" + addr(p.NameNode),
		Metastore: addr(p.Metastore),
		Presto:    prestoURL,
	}
	shown := map[string]string{"namenode": "hdfs://" + addr(p.NameNode), "presto": prestoURL}
	s.mu.Lock()
	for _, pr := range s.procs {
		s.endpoints.Services = append(s.endpoints.Services, stack.Service{Name: pr.name, Addr: cmp.Or(shown[pr.name], where[pr.name]), PID: pr.pid(), Log: pr.log})
	}
	s.mu.Unlock()
	return s, nil
}

// launch starts a service and waits until check passes.
func (s *Stack) launch(ctx context.Context, l layout, c command, check func(context.Context) error) error {
	pr, err := s.launchNoWait(l, c, check)
	if err != nil {
		return err
	}
	return waitReady(ctx, pr, check)
}

// launchNoWait starts a service and records it for Close and Restart.
func (s *Stack) launchNoWait(l layout, c command, check func(context.Context) error) (*process, error) {
	pr, err := start(c.name, l.dir, l.log(c.name), c.env, c.argv()...)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.procs = append(s.procs, pr)
	s.specs[c.name] = spec{c, check}
	s.mu.Unlock()
	return pr, nil
}

// Restart stops one service (zookeeper, kafka, namenode, datanode,
// metastore, presto) and starts it again on the same ports and data, and
// returns once it answers: to test how clients ride out a restart.
func (s *Stack) Restart(ctx context.Context, name string) error {
	s.mu.Lock()
	sp, ok := s.specs[name]
	i := slices.IndexFunc(s.procs, func(p *process) bool { return p.name == name })
	s.mu.Unlock()
	if !ok || i < 0 {
		var names []string
		for _, sv := range s.Endpoints().Services {
			names = append(names, sv.Name)
		}
		return fmt.Errorf("restart %s: no such service (the stack has %s)", name, strings.Join(names, ", "))
	}
	if err := s.procs[i].stop(15 * time.Second); err != nil {
		return fmt.Errorf("restart %w", err)
	}
	pr, err := start(sp.c.name, s.l.dir, s.l.log(sp.c.name), sp.c.env, sp.c.argv()...)
	if err != nil {
		return fmt.Errorf("restart %w", err)
	}
	s.mu.Lock()
	s.procs[i] = pr
	for j := range s.endpoints.Services {
		if s.endpoints.Services[j].Name == name {
			s.endpoints.Services[j].PID = pr.pid()
		}
	}
	s.mu.Unlock()
	return waitReady(ctx, pr, sp.check)
}

// once runs a one-off command (format, schema init) to completion.
func (s *Stack) once(l layout, c command) error {
	return run(c.name, l.dir, l.log(c.name), c.env, c.argv()...)
}

// Endpoints implements stack.Running.
func (s *Stack) Endpoints() stack.Endpoints { return s.endpoints }

// PIDs are the services' process ids, in start order.
func (s *Stack) PIDs() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	var pids []int
	for _, p := range s.procs {
		pids = append(pids, p.pid())
	}
	return pids
}

// Close stops every service, the last started first (Presto and the
// metastore before HDFS, Kafka before ZooKeeper), each with SIGTERM and
// then, after a grace period, SIGKILL to its process group.
func (s *Stack) Close() error {
	s.mu.Lock()
	procs := s.procs
	s.procs = nil
	s.mu.Unlock()
	var errs []error
	for i := len(procs) - 1; i >= 0; i-- {
		errs = append(errs, procs[i].stop(15*time.Second))
	}
	return errors.Join(errs...)
}
