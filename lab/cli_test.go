package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/stack"
	"github.com/fullstack-lab/fullstack-lab/steps/stream"
)

// labRun runs a lab command line in this process with the environment env
// (nothing else of the process's) and returns its stdout, stderr and exit code.
func labRun(t *testing.T, env map[string]string, args ...string) (string, string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var out, errOut bytes.Buffer
	code := execute(ctx, args, func(k string) string { return env[k] }, &out, &errOut)
	return out.String(), errOut.String(), code
}

// Every failure exits with its documented code: 1 failed, 2 usage, 3 the stack.
func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	badEnv := filepath.Join(dir, "bad.env")
	require.NoError(t, os.WriteFile(badEnv, []byte("KAFKA=localhost:9092\n"), 0o644))
	for _, tc := range []struct {
		args   []string
		code   int
		errOut string // a part of stderr
	}{
		{[]string{}, exitOK, ""},
		{[]string{"nonsense"}, exitUsage, `lab: unknown command "nonsense" for "lab"`},
		{[]string{"tail", "--nonsense"}, exitUsage, "unknown flag: --nonsense"},
		{[]string{"bench"}, exitUsage, "accepts 1 arg(s), received 0"},
		{[]string{"run", "x"}, exitUsage, `step "x": want a step number`},
		{[]string{"run", "10"}, exitUsage, "step 10: no such step (the lab's steps are 1 serve, 2 bench"},
		{[]string{"extract", "--mode", "sometimes"}, exitUsage, "sometimes"},
		{[]string{"hive", "-e", "x", "-f", "y"}, exitUsage, "give -e or -f, not both"},
		{[]string{"status", "--env-file", badEnv}, exitUsage, `env file ` + badEnv + `:1: want LAB_NAME=value, got "KAFKA=localhost:9092"`},
		{[]string{"up", "--stack", "containers", "--images", "latest"}, exitUsage, `image set "latest"`},
		{[]string{"status"}, exitStack, "no stack is running in " + dir},
		{[]string{"tail", "-t", "events"}, exitStack, "no stack is running in " + dir},
		{[]string{"up", "--stack", "nonsense"}, exitStack, `unknown stack "nonsense"`},
		{[]string{"fs", "cat", "--warehouse", "file://" + dir, "/nope"}, exitFailed, "cat: `/nope': No such file or directory"},
	} {
		_, errOut, code := labRun(t, nil, append(tc.args, "--dir", dir)...)
		assert.Equal(t, tc.code, code, "lab %s: %s", strings.Join(tc.args, " "), errOut)
		assert.Contains(t, errOut, tc.errOut, "lab %s", strings.Join(tc.args, " "))
	}
}

// lab grade: 1 below the pass mark, 3 without a go toolchain.
func TestGradeExitCodes(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "steps", "serve"), 0o755))
	goCmd := filepath.Join(dir, "go")
	require.NoError(t, os.WriteFile(goCmd, []byte(`#!/bin/sh
echo '{"Action":"run","Package":"m/steps/serve","Test":"TestA"}'
echo '{"Action":"fail","Package":"m/steps/serve","Test":"TestA","Elapsed":0.1}'
echo '{"Action":"run","Package":"m/steps/serve","Test":"TestB"}'
echo '{"Action":"pass","Package":"m/steps/serve","Test":"TestB","Elapsed":0.1}'
echo '{"Action":"fail","Package":"m/steps/serve","Elapsed":0.2}'
exit 1
`), 0o755))
	ctx := context.Background()
	var out, errOut bytes.Buffer
	opts := gradeOptions{Packages: []string{"./steps/serve"}, PassMark: 60, Stack: "embedded", Dir: dir, Go: goCmd}
	err := runGrade(ctx, opts, &out, &errOut)
	require.Error(t, err)
	assert.Equal(t, exitFailed, exitCode(err), "%v", err)
	assert.Contains(t, err.Error(), "grade: 5.0 of 10 points, below the pass mark of 60%")

	opts.PassMark = 50
	require.NoError(t, runGrade(ctx, opts, &out, &errOut), "at the pass mark")

	opts.Go = filepath.Join(dir, "no-go")
	err = runGrade(ctx, opts, &out, &errOut)
	assert.Equal(t, exitStack, exitCode(err), "%v", err)
	assert.Contains(t, err.Error(), "cannot grade: no go toolchain")
}

// lab --help groups the commands and says the exit codes; each command shows
// the endpoint flags it uses, each under one name.
func TestHelpGroupsAndFlags(t *testing.T) {
	out, _, code := labRun(t, nil, "--help")
	require.Equal(t, exitOK, code)
	for _, want := range []string{"The stack:\n  down ", "The class's steps:\n  bench ", "The course (the whole class, grading, starter trees):\n",
		"Exit codes: 0 ok; 1 failed, or below the pass mark (lab grade); 2 usage"} {
		assert.Contains(t, out, want)
	}
	for cmd, flags := range map[string][]string{
		"tail":   {"-b, --brokers"},
		"serve":  {"-b, --brokers"},
		"presto": {"--server"},
		"fs":     {"--warehouse"},
		"hive":   {"--warehouse", "--metastore", "--server"},
		"stream": {"-b, --brokers", "--warehouse"},
		"up":     {"-b, --brokers", "--warehouse", "--metastore", "--server", "--locations"},
		"bench":  {},
		"status": {},
	} {
		out, _, code := labRun(t, nil, cmd, "--help")
		require.Equal(t, exitOK, code)
		for _, f := range []string{"-b, --brokers", "--warehouse", "--metastore", "--server", "--locations"} {
			if contains(flags, f) {
				assert.Contains(t, out, f+" string", "lab %s --help", cmd)
			} else {
				assert.NotContains(t, out, f+" string", "lab %s --help", cmd)
			}
		}
		assert.NotContains(t, out, "--kafka", "lab %s --help: the old name is hidden", cmd)
		assert.NotContains(t, out, "--presto ", "lab %s --help: the old name is hidden", cmd)
	}

	out, _, _ = labRun(t, nil, "bench", "--help")
	assert.Contains(t, out, "it replaces the class's 'ab -n 10")
	assert.Contains(t, out, `-H, --header stringArray`)

	// The crash and pause hooks are for the tests: lab stream --help does not advertise them.
	out, _, _ = labRun(t, nil, "stream", "--help")
	assert.Contains(t, out, "a\nsecond Ctrl-C stops at once")
	for _, hidden := range []string{stream.EnvCrashAt, stream.EnvPauseAt, "LAB_STREAM", "crash"} {
		assert.NotContains(t, out, hidden)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// lab tail takes the brokers from -b, and from the old --kafka too (it ignored it once).
func TestTailBrokersFlag(t *testing.T) {
	s := harness.Start(t)
	topic := s.Name("events")
	s.Produce(t, topic, "a", "b")
	dir := t.TempDir() // no stack runs here: the flag is the only way to Kafka
	for _, flag := range []string{"-b", "--brokers", "--kafka"} {
		out, errOut, code := labRun(t, nil, "tail", flag, strings.Join(s.Kafka, ","), "-t", topic, "-e", "--dir", dir)
		require.Equal(t, exitOK, code, "lab tail %s: %s", flag, errOut)
		assert.Equal(t, "a\nb\n", out, "lab tail %s", flag)
		if flag == "--kafka" {
			assert.Contains(t, errOut, "lab: --kafka is deprecated: use -b/--brokers\n")
		}
	}
}

// lab presto takes the server from --server, and from the old --presto too.
func TestPrestoServerFlag(t *testing.T) {
	dir := t.TempDir()
	for _, flag := range []string{"--server", "--presto"} {
		_, errOut, code := labRun(t, nil, "presto", flag, "http://127.0.0.1:1", "--execute", "select 1", "--dir", dir)
		assert.Equal(t, exitFailed, code)
		assert.Contains(t, errOut, "lab: cannot reach 127.0.0.1:1 (", "lab presto %s", flag)
		if flag == "--presto" {
			assert.Contains(t, errOut, "lab: --presto is deprecated: use --server\n")
		}
	}
	s := harness.Start(t)
	if s.Presto == "" {
		t.Skipf("the %s stack has no Presto", s.Backend)
	}
	out, errOut, code := labRun(t, nil, "presto", "--server", s.Presto, "--no-history", "--execute", "select 1 + 1", "--dir", dir)
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, "\"2\"\n", out, "CSV, as the Presto CLI prints with --execute")
}

// The settings resolve in one place: a flag, else the environment, else the
// --env-file, else the default; nothing sets the process's environment.
func TestGlobalsResolve(t *testing.T) {
	envFile := filepath.Join(t.TempDir(), "st.env")
	require.NoError(t, os.WriteFile(envFile, []byte("# a stack\nLAB_STACK=external\nexport LAB_KAFKA=file:9092\nLAB_WAREHOUSE='file:///w'\nLAB_PRESTO=http://file:8080/\n"), 0o644))
	env := map[string]string{"LAB_KAFKA": "env:9092", "LAB_DIR": "/env/dir"}
	g := newGlobals(func(k string) string { return env[k] })
	g.envFile = envFile
	require.NoError(t, g.load())
	assert.Equal(t, "external", g.stackName(), "from the env file")
	assert.Equal(t, "/env/dir", g.stackDir(), "from the environment")
	cfg := g.externalConfig()
	assert.Equal(t, []string{"env:9092"}, cfg.Kafka, "the environment wins over the file")
	assert.Equal(t, "file:///w", cfg.Warehouse)
	assert.Equal(t, "http://file:8080", cfg.Presto)

	g.stack, g.dir = "embedded", "/flag/dir"
	g.endpoints.kafka, g.endpoints.metastore = "flag:1, flag:2", "flag:9083"
	assert.Equal(t, "embedded", g.stackName())
	assert.Equal(t, "/flag/dir", g.stackDir())
	assert.Equal(t, []string{"--brokers", "flag:1,flag:2", "--warehouse", "file:///w", "--metastore", "flag:9083", "--server", "http://file:8080"}, g.externalArgs())
	assert.Equal(t, []string{"LAB_KAFKA=flag:1,flag:2", "LAB_WAREHOUSE=file:///w", "LAB_METASTORE=flag:9083", "LAB_PRESTO=http://file:8080"}, g.externalVars())
	bs, err := g.brokers()
	require.NoError(t, err)
	assert.Equal(t, []string{"flag:1", "flag:2"}, bs)
	_, set := os.LookupEnv("LAB_WAREHOUSE")
	assert.False(t, set, "the env file's variables stay out of the process's environment")

	d := newGlobals(func(string) string { return "" })
	assert.Equal(t, "embedded", d.stackName())
	assert.Equal(t, stack.DefaultDir, d.stackDir())
}

// lab hive in process, on the test stack's metastore and warehouse given by flags.
func TestHiveInProcess(t *testing.T) {
	s := harness.Start(t)
	if s.Metastore == "" {
		t.Skipf("the %s stack has no Hive Metastore", s.Backend)
	}
	db := s.Name("cli")
	out, errOut, code := labRun(t, nil, "hive", "--metastore", s.Metastore, "--warehouse", s.Warehouse, "--dir", t.TempDir(),
		"-e", "create database "+db+"; show databases")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "\n"+db+"\n")
	require.NoError(t, s.MetastoreClient(t).DropDatabase(db, true), "other tests on a shared stack list the databases")
}
