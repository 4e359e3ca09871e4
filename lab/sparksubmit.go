package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/embedded"
	"github.com/fullstack-lab/fullstack-lab/harness/local"
	"github.com/spf13/cobra"
)

// sparkSubmitOptions configures `lab spark-submit`.
type sparkSubmitOptions struct {
	// Script is the PySpark job; Args are its arguments.
	Script string
	Args   []string
	// Stack is the running stack the job is pointed at.
	Stack harness.State
	// Cache holds the virtualenv and the connector jars (the lab's cache).
	Cache string
	// Master is Spark's master URL (default local[2]).
	Master string
	// Python, Java and Maven are the programs used ("" finds python3, java
	// and mvn on PATH).
	Python, Java, Maven string
	// Env is the environment the job starts from (the lab adds its own).
	Env []string
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
// with spark-submit until it ends or ctx is done. The job's output goes to
// out, Spark's log and the lab's progress to errOut.
func (s *sparkSubmit) run(ctx context.Context, out, errOut io.Writer) error {
	o := s.opts
	if _, err := os.Stat(o.Script); err != nil {
		return fmt.Errorf("spark-submit: %w", err)
	}
	sparkHome, jars, java, err := s.install(ctx, errOut)
	if err != nil {
		return err
	}
	inst := sparkInstall{cache: o.Cache}
	argv := append([]string{"--master", o.Master, "--jars", strings.Join(jars, ",")}, sparkConf(o.Stack)...)
	argv = append(argv, o.Script)
	argv = append(argv, o.Args...)
	cmd := exec.CommandContext(ctx, filepath.Join(sparkHome, "bin", "spark-submit"), argv...)
	cmd.Env = append(append([]string{}, o.Env...), sparkEnv(o.Stack, inst.venv(), java)...)
	cmd.Stdout, cmd.Stderr = out, errOut
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 20e9
	if err := mountDirs(o.Stack); err != nil {
		return err
	}
	fmt.Fprintf(errOut, "spark-submit: %s on the %s stack (Kafka %s, warehouse %s)\n",
		filepath.Base(o.Script), o.Stack.Backend, o.Stack.KafkaBrokers(), o.Stack.Warehouse)
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil // stopped by the user (a streaming job runs until then)
		}
		return fmt.Errorf("spark-submit %s: %w", filepath.Base(o.Script), err)
	}
	return nil
}

// sparkEnv is what the job's environment gets from the stack: the Kafka
// bootstrap servers as the class's game_api.py takes them, the venv's Python
// for the workers, UTC for the JVM.
func sparkEnv(st harness.State, venv, java string) []string {
	return []string{
		"KAFKA_BOOTSTRAP=" + st.KafkaBrokers(),
		"PYSPARK_PYTHON=" + filepath.Join(venv, "bin", "python"),
		"PYSPARK_DRIVER_PYTHON=" + filepath.Join(venv, "bin", "python"),
		"JAVA_HOME=" + javaHome(java),
		"TZ=UTC",
		"SPARK_LOCAL_IP=127.0.0.1",
	}
}

// sparkConf points Spark at the stack: the warehouse as the default
// filesystem, the metastore for Hive support, UTC session time, no web UI.
// A file:// warehouse (the embedded stack) is the root of a viewfs mount
// table, so that the jobs' /tmp/purchases lands inside it, as on HDFS.
func sparkConf(st harness.State) []string {
	conf := map[string]string{
		"spark.sql.session.timeZone":                    "UTC",
		"spark.driver.extraJavaOptions":                 "-Duser.timezone=UTC",
		"spark.executor.extraJavaOptions":               "-Duser.timezone=UTC",
		"spark.ui.enabled":                              "false",
		"spark.driver.host":                             "127.0.0.1",
		"spark.driver.bindAddress":                      "127.0.0.1",
		"spark.hadoop.fs.defaultFS":                     st.Warehouse,
		"spark.sql.warehouse.dir":                       "/user/hive/warehouse",
		"spark.sql.shuffle.partitions":                  "2",
		"spark.hadoop.dfs.client.use.datanode.hostname": "false",
	}
	if strings.HasPrefix(st.Warehouse, "file://") {
		root := strings.TrimSuffix(st.Warehouse, "/")
		conf["spark.hadoop.fs.defaultFS"] = embedded.SparkFS
		conf["spark.hadoop.fs.viewfs.mounttable.lab.link./tmp"] = root + "/tmp"
		conf["spark.hadoop.fs.viewfs.mounttable.lab.link./user"] = root + "/user"
		conf["spark.hadoop.fs.viewfs.mounttable.lab.linkFallback"] = root
	}
	if st.Metastore != "" {
		conf["spark.hadoop.hive.metastore.uris"] = "thrift://" + st.Metastore
	}
	var argv []string
	for _, k := range sortedKeys(conf) {
		argv = append(argv, "--conf", k+"="+conf[k])
	}
	return argv
}

// mountDirs makes the directories a file:// warehouse's viewfs links lead
// to (see sparkConf).
func mountDirs(st harness.State) error {
	root, ok := strings.CutPrefix(st.Warehouse, "file://")
	if !ok {
		return nil
	}
	for _, d := range []string{"tmp", "user"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			return fmt.Errorf("spark-submit: warehouse: %w", err)
		}
	}
	return nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}

// javaHome is the JDK that java (a path) belongs to.
func javaHome(java string) string {
	if p, err := filepath.EvalSymlinks(java); err == nil {
		java = p
	}
	return filepath.Dir(filepath.Dir(java))
}

func init() {
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
A streaming job runs until Ctrl-C.`,
		Example: `  lab spark-submit fixtures/class/filter_swords_batch.py
  lab spark-submit fixtures/class/write_swords_stream.py      # until Ctrl-C`,
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
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			if installOnly {
				opts.Cache = cache
				home, _, _, err := newSparkSubmit(opts).install(ctx, cmd.ErrOrStderr())
				if err == nil {
					fmt.Fprintf(cmd.OutOrStdout(), "pyspark %s and the Kafka connector jars are installed (SPARK_HOME %s)\n", pysparkVersion, home)
				}
				return err
			}
			st, err := attach()
			if err != nil {
				return err
			}
			opts.Script, opts.Args, opts.Stack, opts.Cache, opts.Env = args[0], args[1:], st, cache, os.Environ()
			return newSparkSubmit(opts).run(ctx, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().StringVar(&opts.Master, "master", "local[2]", "Spark master URL")
	cmd.Flags().BoolVar(&installOnly, "install", false, "only install PySpark and the jars into the cache, then exit (no stack needed)")
	cmd.Flags().SetInterspersed(false) // flags after SCRIPT are the job's
	root.AddCommand(cmd)
}

var errNoVenv = errors.New("python3 cannot make a virtualenv")
