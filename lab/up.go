package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness/stack"
	"github.com/fullstack-lab/fullstack-lab/lab/progress"
	"github.com/spf13/cobra"
)

// upOptions are `lab up`'s settings.
type upOptions struct {
	Stack  string // backend name
	Dir    string // the stack's directory
	Detach bool
	// Self is the lab executable that -d starts in the background.
	Self string
	// StartTimeout bounds how long -d waits for the stack.
	StartTimeout time.Duration
	// LockFD, when not 0, is the directory's lock taken by the `lab up -d`
	// that started this process, which holds it on.
	LockFD int
	// Images is the containers backend's image set: lab or upstream.
	Images string
	// Backend is the stack to start (in this process, or in the one -d starts).
	Backend stack.Backend
	// ExternalArgs are the external stack's flags, for the process -d starts.
	ExternalArgs []string
}

func newUpCmd(g *globals) *cobra.Command {
	opts := upOptions{StartTimeout: 10 * time.Minute}
	cmd := &cobra.Command{
		Use:   "up",
		Short: "Start the stack (replaces `docker-compose up -d`)",
		Long: `Start the stack's services and write their endpoints to the state file
(<dir>/state.json) that the other subcommands read.

Runs in the foreground until Ctrl-C, or in the background with -d
(its log goes to <dir>/logs/up.log; stop it with 'lab down').

One stack per directory: the 'lab up' process holds a lock on <dir>/lab.lock
while it runs, and a second 'lab up' on the directory refuses to start.
A restarted stack takes the same ports again when they are free
(<dir>/ports.json), so clients such as a running 'lab serve' resume.

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
  containers  the same services in Docker containers (testcontainers-go), from
              the lab's images (build them once: lab images build) or, with
              --images upstream, the pinned public images
  external    services someone else runs (-b/--brokers, --warehouse, --metastore,
              --server, or LAB_KAFKA, LAB_WAREHOUSE, LAB_METASTORE, LAB_PRESTO)`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.Stack, opts.Dir = g.stackName(), g.stackDir()
			b, err := g.backend(opts.Stack, opts.Images)
			if err != nil {
				return err
			}
			opts.Backend = b
			if opts.Stack == stack.External {
				opts.ExternalArgs = g.externalArgs()
			}
			if opts.Self == "" {
				if opts.Self, err = os.Executable(); err != nil {
					return err
				}
			}
			return runUp(cmd.Context(), opts, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().BoolVarP(&opts.Detach, "detach", "d", false, "run the stack in the background")
	cmd.Flags().IntVar(&opts.LockFD, "lock-fd", 0, "the directory's lock, handed over by `lab up -d`")
	cmd.Flags().MarkHidden("lock-fd")
	cmd.Flags().StringVar(&opts.Images, "images", "lab", "containers stack: the lab's own images (lab, built by 'lab images build') or the pinned public ones (upstream)")
	g.addStackEndpoints(cmd)
	return cmd
}

func runUp(ctx context.Context, opts upOptions, out, errOut io.Writer) error {
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return err
	}
	opts.Dir = dir
	if opts.Detach {
		err = upDetached(ctx, opts, out)
	} else {
		err = upForeground(ctx, opts, out, errOut)
	}
	if errors.Is(err, stack.ErrStackRuns) {
		return stackError(err) // another stack holds the directory
	}
	return err
}

// upForeground runs the stack in this process until ctx ends or the control
// endpoint is asked to stop, holding the directory's lock throughout.
func upForeground(ctx context.Context, opts upOptions, out, errOut io.Writer) error {
	b := opts.Backend
	var err error
	var lock *stack.Lock
	if opts.LockFD != 0 {
		lock, err = stack.InheritLock(os.NewFile(uintptr(opts.LockFD), stack.LockFile), opts.Dir)
	} else {
		lock, err = stack.AcquireLock(opts.Dir)
	}
	if err != nil {
		return err
	}
	defer lock.Release()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	id := stack.NewID()
	ctl, err := stack.ServeControl(stack.ControlOptions{
		State: stack.State{PID: os.Getpid(), Started: time.Now().UTC(), Dir: opts.Dir, ID: id},
		Stop:  cancel,
		Changed: func(st stack.State) {
			if err := stack.WriteState(opts.Dir, st); err != nil {
				fmt.Fprintf(errOut, "lab up: %v\n", err)
			}
		},
	})
	if err != nil {
		return err
	}
	defer ctl.Close()
	if err := lock.Describe(stack.Holder{PID: os.Getpid(), Control: ctl.URL(), ID: id}); err != nil {
		return err
	}
	// A state file of an earlier stack is stale: this process holds the lock.
	stack.RemoveState(opts.Dir)

	lines := progress.NewLines(errOut)
	r, err := b.Start(ctx, stack.Options{Dir: opts.Dir, Progress: lines})
	lines.Close()
	if err != nil {
		return stackError(err)
	}
	st := ctl.SetRunning(r)
	if err := stack.WriteState(opts.Dir, st); err != nil {
		r.Close()
		return err
	}
	printStatus(out, st)
	fmt.Fprintf(out, "\nstack up; stop it with Ctrl-C or `lab down --dir %s`\n", opts.Dir)
	<-ctx.Done()
	fmt.Fprintln(out, "stopping the stack ...")
	ctl.SetStopping()
	stack.RemoveState(opts.Dir)
	return r.Close()
}

// upDetached takes the directory's lock, starts `lab up` again in its own
// session and hands it the lock, then waits until it serves the stack
// (success) or exits (failure, with its log). Two `lab up -d` at once: one
// takes the lock, the other says who has it.
func upDetached(ctx context.Context, opts upOptions, out io.Writer) error {
	lock, err := stack.AcquireLock(opts.Dir)
	if errors.Is(err, stack.ErrStackRuns) {
		if st, err := stack.ReadState(opts.Dir); err == nil && st.Repaired != "" {
			fmt.Fprintf(out, "note: %s\n", st.Repaired)
		}
		return runningError(opts.Dir, err)
	}
	if err != nil {
		return err
	}
	// Until the child names itself, the lock names this process (not
	// whatever a killed holder left in the file).
	if err := lock.Describe(stack.Holder{PID: os.Getpid()}); err != nil {
		lock.Release()
		return err
	}
	handed := false
	defer func() {
		if !handed {
			lock.Release()
		}
	}()
	logDir := filepath.Join(opts.Dir, "logs")
	if err := os.MkdirAll(logDir, 0o755); err != nil {
		return err
	}
	logPath := filepath.Join(logDir, "up.log")
	logf, err := os.Create(logPath)
	if err != nil {
		return err
	}
	defer logf.Close()
	args := append([]string{"up", "--stack", opts.Stack, "--dir", opts.Dir, "--images", opts.Images, "--lock-fd", "3"}, opts.ExternalArgs...)
	c := exec.Command(opts.Self, args...)
	c.Stdout, c.Stderr = logf, logf
	c.ExtraFiles = []*os.File{lock.File()} // fd 3
	c.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := c.Start(); err != nil {
		return fmt.Errorf("start lab up: %w", err)
	}
	// The child names itself in the lock file once it serves its control
	// endpoint (writing its pid here could overwrite that).
	lock.Handed()
	handed = true
	exited := make(chan error, 1)
	go func() { exited <- c.Wait() }()
	deadline := time.After(opts.StartTimeout)
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	giveUp := func(why string) error {
		if h, err := stack.ReadState(opts.Dir); err == nil && h.PID == c.Process.Pid {
			stack.StopStack(context.Background(), h.Control)
		} else {
			c.Process.Signal(syscall.SIGTERM) // our own child, not yet serving
		}
		<-exited
		return stackErrorf("%s; see %s", why, logPath)
	}
	for {
		select {
		case err := <-exited:
			log, _ := os.ReadFile(logPath)
			return stackErrorf("the stack did not start (%v); its log %s:\n%s", err, logPath, log)
		case <-ctx.Done():
			return giveUp("interrupted while the stack started: stopped it")
		case <-deadline:
			return giveUp(fmt.Sprintf("the stack did not start within %s: stopped it", opts.StartTimeout))
		case <-tick.C:
			st, err := stack.ReadState(opts.Dir)
			if err == nil && st.PID == c.Process.Pid {
				printStatus(out, st)
				fmt.Fprintf(out, "\nstack up in the background (log: %s); stop it with `lab down`\n", logPath)
				return nil
			}
			// Anything else (starting, no lock yet, or another
			// process's stack that won the race) ends with the
			// child: it serves, or exits saying why.
		}
	}
}

// runningError says which stack holds dir, from its own answer when it
// gives one, else from the lock (err).
func runningError(dir string, err error) error {
	if st, serr := stack.ReadState(dir); serr == nil {
		return fmt.Errorf("%w in %s (the %s stack of pid %d, up since %s): stop it with `lab down`, or use another --dir",
			stack.ErrStackRuns, dir, st.Backend, st.PID, st.Started.Local().Format(time.DateTime))
	}
	return err
}
