package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/stack"
	"github.com/fullstack-lab/fullstack-lab/lab/progress"
	"github.com/spf13/cobra"
)

func init() {
	var detach bool
	cmd := &cobra.Command{
		Use:   "up",
		Short: "Start the stack (replaces `docker-compose up -d`)",
		Long: `Start the stack's services and write their endpoints to the state file
(<dir>/state.json) that the other subcommands read.

Runs in the foreground until Ctrl-C, or in the background with -d
(its log goes to <dir>/logs/up.log; stop it with 'lab down').

Backends (--stack or LAB_STACK):
  embedded    everything in this process (the default; nothing to install)
  local       the real services as processes on 127.0.0.1: ZooKeeper, Kafka 3.9,
              HDFS 3.4 (NameNode, DataNode), the Hive Metastore 3.1, PrestoDB 0.287.
              Needs Java 17+ and Maven; the first start fetches ~2.2 GB from Maven
              Central into ~/.cache/fullstack-lab (LAB_CACHE moves it). Each
              service logs to <dir>/logs/<service>.log.
              LAB_LOCAL_KAFKA=4: Kafka 4.1 in KRaft mode (broker and controller
              in one process, no ZooKeeper) instead of Kafka 3.9 with ZooKeeper.
              LAB_LOCAL_HIVE=4: the Hive 4.0 metastore instead of 3.1 (PrestoDB
              0.287 cannot read its tables; the metastore client can).
  containers  the real services in Docker (testcontainers-go)
  external    services someone else runs (--kafka, --warehouse, --metastore, --presto)`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if detach {
				return upDetached()
			}
			return upForeground()
		},
	}
	cmd.Flags().BoolVarP(&detach, "detach", "d", false, "run the stack in the background")
	root.AddCommand(cmd)
}

// upForeground runs the stack in this process until SIGINT or SIGTERM.
func upForeground() error {
	dir, err := filepath.Abs(stackDir())
	if err != nil {
		return err
	}
	if st, err := harness.ReadState(dir); err == nil {
		return fmt.Errorf("a %s stack already runs in %s (pid %d): stop it with `lab down`", st.Backend, dir, st.PID)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	r, err := startStack(ctx, dir)
	if err != nil {
		return err
	}
	st := harness.State{Endpoints: r.Endpoints(), PID: os.Getpid(), Started: time.Now().UTC(), Dir: dir}
	ctl, err := harness.ServeControl(r, func(ep stack.Endpoints) {
		st := st
		st.Endpoints = ep
		if err := harness.WriteState(dir, st); err != nil {
			fmt.Fprintf(os.Stderr, "lab up: %v\n", err)
		}
	})
	if err != nil {
		r.Close()
		return err
	}
	defer ctl.Close()
	st.Control = ctl.URL()
	if err := harness.WriteState(dir, st); err != nil {
		r.Close()
		return err
	}
	printStatus(os.Stdout, st)
	fmt.Printf("\nstack up; stop it with Ctrl-C or `lab down --dir %s`\n", dir)
	<-ctx.Done()
	fmt.Println("stopping the stack ...")
	harness.RemoveState(dir)
	return r.Close()
}

// startStack starts the backend the user asked for, with its data under dir.
func startStack(ctx context.Context, dir string) (stack.Running, error) {
	b, err := harness.Lookup(stackName())
	if err != nil {
		return nil, err
	}
	lines := progress.NewLines(os.Stderr)
	defer lines.Close()
	return b.Start(ctx, stack.Options{Dir: dir, Progress: lines})
}

// upDetached starts `lab up` again in its own session, then waits until its
// state file shows it ready, or it exits.
func upDetached() error {
	dir, err := filepath.Abs(stackDir())
	if err != nil {
		return err
	}
	if st, err := harness.ReadState(dir); err == nil {
		return fmt.Errorf("a %s stack already runs in %s (pid %d): stop it with `lab down`", st.Backend, dir, st.PID)
	}
	logDir := filepath.Join(dir, "logs")
	if err := os.MkdirAll(logDir, 0o755); err != nil {
		return err
	}
	logPath := filepath.Join(logDir, "up.log")
	logf, err := os.Create(logPath)
	if err != nil {
		return err
	}
	defer logf.Close()
	self, err := os.Executable()
	if err != nil {
		return err
	}
	c := exec.Command(self, "up", "--stack", stackName(), "--dir", dir)
	c.Stdout, c.Stderr = logf, logf
	c.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := c.Start(); err != nil {
		return fmt.Errorf("start lab up: %w", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- c.Wait() }()
	deadline := time.After(10 * time.Minute)
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-exited:
			log, _ := os.ReadFile(logPath)
			return fmt.Errorf("the stack did not start (%v); its log %s:\n%s", err, logPath, log)
		case <-deadline:
			c.Process.Signal(syscall.SIGTERM)
			return fmt.Errorf("the stack did not start within 10 minutes; see %s", logPath)
		case <-tick.C:
			st, err := harness.ReadState(dir)
			if err == nil && st.PID == c.Process.Pid {
				printStatus(os.Stdout, st)
				fmt.Printf("\nstack up in the background (log: %s); stop it with `lab down`\n", logPath)
				return nil
			}
			if err != nil && !errors.Is(err, harness.ErrNoStack) {
				return err
			}
		}
	}
}
