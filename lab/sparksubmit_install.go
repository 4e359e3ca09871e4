package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Pinned: pyspark 3.5.7 because 3.5.7 is the newest spark-sql-kafka-0-10 on
// Maven Central (PyPI has pyspark 3.5.9, which no connector matches).
const pysparkVersion = "3.5.7"

// sparkJars are the Kafka source's jars that PySpark does not ship.
var sparkJars = []string{
	"org.apache.spark:spark-sql-kafka-0-10_2.12:" + pysparkVersion,
	"org.apache.spark:spark-token-provider-kafka-0-10_2.12:" + pysparkVersion,
	"org.apache.kafka:kafka-clients:3.4.1",
	"org.apache.commons:commons-pool2:2.11.1",
}

// sparkInstall puts PySpark and the jars in the lab's cache, once.
type sparkInstall struct {
	cache, python, maven string
	progress             io.Writer
}

func (i sparkInstall) dir() string  { return filepath.Join(i.cache, "spark-"+pysparkVersion) }
func (i sparkInstall) venv() string { return filepath.Join(i.dir(), "venv") }

// pyspark makes the virtualenv with pyspark installed and returns SPARK_HOME.
// A stamp file written last marks a finished install; an unfinished one is
// made again from scratch.
func (i sparkInstall) pyspark(ctx context.Context) (string, error) {
	venv := i.venv()
	stamp := filepath.Join(venv, ".lab-installed")
	if b, err := os.ReadFile(stamp); err == nil {
		return strings.TrimSpace(string(b)), nil
	}
	python, err := exec.LookPath(i.python)
	if err != nil {
		return "", fmt.Errorf("spark-submit: PySpark needs python3 (3.8 to 3.11) on PATH: %w", err)
	}
	if err := os.RemoveAll(venv); err != nil {
		return "", fmt.Errorf("spark-submit: %w", err)
	}
	if err := os.MkdirAll(i.dir(), 0o755); err != nil {
		return "", fmt.Errorf("spark-submit: %w", err)
	}
	start := time.Now()
	fmt.Fprintf(i.progress, "spark-submit: installing pyspark %s into %s (once; about 320 MB from PyPI)\n", pysparkVersion, venv)
	if out, err := i.exec(ctx, python, "-m", "venv", venv); err != nil {
		return "", fmt.Errorf("spark-submit: %w: %v\n%s(on Debian: apt-get install python3-venv)", errNoVenv, err, out)
	}
	pip := filepath.Join(venv, "bin", "pip")
	if out, err := i.exec(ctx, pip, "install", "--disable-pip-version-check", "-q", "pyspark=="+pysparkVersion); err != nil {
		return "", fmt.Errorf("spark-submit: pip install pyspark==%s: %w\n%s", pysparkVersion, err, out)
	}
	out, err := i.exec(ctx, filepath.Join(venv, "bin", "python"), "-c", "import pyspark, os; print(os.path.dirname(pyspark.__file__))")
	if err != nil {
		return "", fmt.Errorf("spark-submit: find pyspark: %w\n%s", err, out)
	}
	home := strings.TrimSpace(out)
	if err := os.WriteFile(stamp, []byte(home+"\n"), 0o644); err != nil {
		return "", fmt.Errorf("spark-submit: %w", err)
	}
	fmt.Fprintf(i.progress, "spark-submit: pyspark %s installed in %.0f s\n", pysparkVersion, time.Since(start).Seconds())
	return home, nil
}

// jars fetches the connector jars from Maven Central (through the lab's
// Maven repository in the cache) and returns their paths.
func (i sparkInstall) jars(ctx context.Context) ([]string, error) {
	dir := filepath.Join(i.dir(), "jars")
	var paths []string
	missing := false
	for _, a := range sparkJars {
		p := strings.Split(a, ":")
		jar := filepath.Join(dir, p[1]+"-"+p[2]+".jar")
		paths = append(paths, jar)
		if _, err := os.Stat(jar); err != nil {
			missing = true
		}
	}
	if !missing {
		return paths, nil
	}
	mvn, err := exec.LookPath(i.maven)
	if err != nil {
		return nil, fmt.Errorf("spark-submit: fetching the Kafka connector jars needs Maven (mvn) on PATH: %w", err)
	}
	fmt.Fprintf(i.progress, "spark-submit: fetching the Kafka connector jars from Maven Central into %s (once)\n", dir)
	for j, a := range sparkJars {
		if _, err := os.Stat(paths[j]); err == nil {
			continue
		}
		out, err := i.exec(ctx, mvn, "-B", "-q", "-Dmaven.repo.local="+filepath.Join(i.cache, "m2"),
			"org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy",
			"-Dartifact="+a, "-DoutputDirectory="+dir, "-Dmdep.overWriteReleases=true")
		if err != nil {
			return nil, fmt.Errorf("spark-submit: fetch %s: %w\n%s", a, err, out)
		}
	}
	return paths, nil
}

// exec runs a program and returns its combined output.
func (i sparkInstall) exec(ctx context.Context, name string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	var b bytes.Buffer
	cmd.Stdout, cmd.Stderr = &b, &b
	err := cmd.Run()
	return b.String(), err
}
