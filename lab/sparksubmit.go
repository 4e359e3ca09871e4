package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness/local"
	"github.com/fullstack-lab/fullstack-lab/harness/stack"
	"github.com/spf13/cobra"
)

// sparkSubmitOptions configures `lab spark-submit`.
type sparkSubmitOptions struct {
	// Script is the PySpark job; Args are its arguments.
	Script string
	Args   []string
	// Stack is the running stack the job is pointed at.
	Stack stack.State
	// Cache holds the virtualenv and the connector jars (the lab's cache).
	Cache string
	// Master is Spark's master URL (default local[2]).
	Master string
	// Python, Java and Maven are the programs used ("" finds python3, java
	// and mvn on PATH).
	Python, Java, Maven string
	// Env is the environment the job starts from (the lab adds its own).
	Env []string
	// Timeout stops the job (as Ctrl-C does) after this long; 0 never.
	Timeout time.Duration
	// Batches stops a streaming job once this many micro-batches that read
	// rows have completed; 0 never.
	Batches int
	// LogLevel is Spark's log level on stderr (default warn).
	LogLevel string
}

// sparkSubmit runs a PySpark script against the running stack.
type sparkSubmit struct{ opts sparkSubmitOptions }

func newSparkSubmit(opts sparkSubmitOptions) *sparkSubmit {
	if opts.Master == "" {
		opts.Master = "local[2]"
	}
	if opts.Python == "" {
		opts.Python = "python3"
	}
	if opts.Java == "" {
		opts.Java = "java"
	}
	if opts.Maven == "" {
		opts.Maven = "mvn"
	}
	if opts.LogLevel == "" {
		opts.LogLevel = "warn"
	}
	return &sparkSubmit{opts: opts}
}

// install puts PySpark and the connector jars in the cache (once) and
// returns SPARK_HOME, the jars and the java found.
func (s *sparkSubmit) install(ctx context.Context, errOut io.Writer) (home string, jars []string, java string, err error) {
	o := s.opts
	java, err = exec.LookPath(o.Java)
	if err != nil {
		return "", nil, "", fmt.Errorf("spark-submit: Spark needs Java (8, 11 or 17) on PATH: %w", err)
	}
	inst := sparkInstall{cache: o.Cache, python: o.Python, maven: o.Maven, progress: errOut}
	if home, err = inst.pyspark(ctx); err != nil {
		return "", nil, "", err
	}
	if jars, err = inst.jars(ctx); err != nil {
		return "", nil, "", err
	}
	return home, jars, java, nil
}

// run installs PySpark and the connector jars if needed, then runs the job
// with spark-submit until it ends, ctx is done or a stop option is met. The
// job's output goes to out, Spark's log and the lab's progress to errOut.
func (s *sparkSubmit) run(ctx context.Context, out, errOut io.Writer) error {
	o := s.opts
	if _, err := os.Stat(o.Script); err != nil {
		return fmt.Errorf("spark-submit: %w", err)
	}
	switch o.LogLevel {
	case "error", "warn", "info", "debug":
	default:
		return fmt.Errorf("spark-submit: --log-level %q: want error, warn, info or debug", o.LogLevel)
	}
	sparkHome, jars, java, err := s.install(ctx, errOut)
	if err != nil {
		return err
	}
	inst := sparkInstall{cache: o.Cache}
	confDir, err := writeConfDir(inst.dir(), o.LogLevel)
	if err != nil {
		return err
	}
	if err := mountDirs(o.Stack); err != nil {
		return err
	}

	// The job stops (as on Ctrl-C) when ctx is done, after Timeout, or
	// after Batches streaming batches that read rows.
	jobCtx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	if o.Timeout > 0 {
		t := time.AfterFunc(o.Timeout, func() { stop(fmt.Errorf("--timeout %s", o.Timeout)) })
		defer t.Stop()
	}
	batches := 0
	progress := &sparkProgress{out: errOut, quiet: o.LogLevel == "warn" || o.LogLevel == "error",
		verbose: o.LogLevel == "info" || o.LogLevel == "debug", onBatch: func(qp queryProgress, _ time.Time) {
			if qp.NumInputRows > 0 {
				batches++
				if o.Batches > 0 && batches >= o.Batches {
					stop(fmt.Errorf("--batches %d", o.Batches))
				}
			}
		}}

	argv := append([]string{"--master", o.Master, "--jars", strings.Join(jars, ",")}, sparkConf(o.Stack)...)
	argv = append(argv, o.Script)
	argv = append(argv, o.Args...)
	cmd := exec.CommandContext(jobCtx, filepath.Join(sparkHome, "bin", "spark-submit"), argv...)
	cmd.Env = append(append([]string{}, o.Env...), sparkEnv(o.Stack, inst.venv(), java, confDir)...)
	stdout := &gate{w: out}
	cmd.Stdout, cmd.Stderr = stdout, progress
	// Its own process group, signalled as a terminal's Ctrl-C signals one:
	// the JVM and the Python driver both get SIGINT.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		progress.mute()
		if !progress.verbose {
			stdout.close()
		}
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGINT)
	}
	cmd.WaitDelay = 30 * time.Second
	fmt.Fprintf(errOut, "spark-submit: %s on the %s stack (Kafka %s, warehouse %s)\n",
		filepath.Base(o.Script), o.Stack.Backend, o.Stack.KafkaBrokers(), o.Stack.Warehouse)
	err = cmd.Run()
	if cmd.Process != nil {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // what is left of the group
	}
	progress.Flush()
	if cause := context.Cause(jobCtx); jobCtx.Err() != nil {
		if ctx.Err() != nil {
			cause = errors.New("interrupted")
		}
		fmt.Fprintf(errOut, "spark-submit: stopped the job (%v)\n", cause)
		return nil // stopped as asked (a streaming job runs until then)
	}
	if err != nil {
		return fmt.Errorf("spark-submit %s: %w", filepath.Base(o.Script), err)
	}
	return nil
}

func newSparkSubmitCmd(g *globals) *cobra.Command {
	var opts sparkSubmitOptions
	var installOnly bool
	cmd := &cobra.Command{
		Use:   "spark-submit SCRIPT [args...]",
		Short: "Run a PySpark job against the running stack (the class's spark-submit)",
		Long: `Run a PySpark script with spark-submit against the stack 'lab up' runs, as the
class ran its jobs in the spark container:

  lab spark-submit fixtures/class/filtered_writes.py

The first run installs PySpark ` + pysparkVersion + ` into a virtualenv and fetches the Kafka
connector jars from Maven Central, under ~/.cache/fullstack-lab (LAB_CACHE moves
it); later runs reuse them. Needs python3 with venv, Java and Maven.

The job gets the stack's addresses: $KAFKA_BOOTSTRAP (the class's jobs in
fixtures/class read the broker from it), the warehouse as fs.defaultFS (so
/tmp/purchases is the warehouse's, as on the class's HDFS), the Hive Metastore
as hive.metastore.uris (enableHiveSupport), and UTC as the session time zone.
A streaming job runs until Ctrl-C, --timeout or --batches; each of its
micro-batches is reported on stderr as "spark-submit: batch N: R rows in T ms"
(from Spark's progress reports; an idle query's are left out).`,
		Example: `  lab spark-submit fixtures/class/filter_swords_batch.py
  lab spark-submit fixtures/class/write_swords_stream.py              # until Ctrl-C
  lab spark-submit --batches 1 fixtures/class/filter_swords_stream.py # until a batch read rows
  lab spark-submit --install                                          # install only (CI)`,
		Args: func(cmd *cobra.Command, args []string) error {
			if installOnly {
				return cobra.NoArgs(cmd, args)
			}
			return cobra.MinimumNArgs(1)(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			cache, err := local.CacheDir()
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			if installOnly {
				opts.Cache = cache
				home, _, _, err := newSparkSubmit(opts).install(ctx, cmd.ErrOrStderr())
				if err == nil {
					fmt.Fprintf(cmd.OutOrStdout(), "pyspark %s and the Kafka connector jars are installed (SPARK_HOME %s)\n", pysparkVersion, home)
				}
				return err
			}
			st, err := g.attach()
			if err != nil {
				return err
			}
			opts.Script, opts.Args, opts.Stack, opts.Cache, opts.Env = args[0], args[1:], st, cache, os.Environ()
			return newSparkSubmit(opts).run(ctx, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().StringVar(&opts.Master, "master", "local[2]", "Spark master URL")
	cmd.Flags().DurationVar(&opts.Timeout, "timeout", 0, "stop the job (as Ctrl-C does) after this long, e.g. 2m")
	cmd.Flags().IntVar(&opts.Batches, "batches", 0, "stop a streaming job once this many micro-batches that read rows have completed")
	cmd.Flags().StringVar(&opts.LogLevel, "log-level", "warn", "Spark's log level on stderr: error, warn, info (the class's spark-submit printed info)")
	cmd.Flags().BoolVar(&installOnly, "install", false, "only install PySpark and the jars into the cache, then exit (no stack needed)")
	cmd.Flags().SetInterspersed(false) // flags after SCRIPT are the job's
	return cmd
}

var errNoVenv = errors.New("python3 cannot make a virtualenv")
