// Package javatest finds Java tools and resolves test classpaths from Maven, for tests that run real Java clients.
package javatest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Tool finds a program on PATH, or skips the test saying which is missing and why it is needed.
func Tool(t testing.TB, name, needs string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s not found on PATH: %s", name, needs)
	}
	return p
}

// Classpath resolves the dependencies of pom (with -D properties props)
// from Maven Central into the lab's cache (LAB_CACHE, else the user's cache
// dir's fullstack-lab), once: the classpath is kept in the cache as
// NAME.classpath and used again while its jars exist.
func Classpath(t testing.TB, mvn, pom, name string, props ...string) string {
	t.Helper()
	cache := os.Getenv("LAB_CACHE")
	if cache == "" {
		d, err := os.UserCacheDir()
		require.NoError(t, err)
		cache = filepath.Join(d, "fullstack-lab")
	}
	out := filepath.Join(cache, name+".classpath")
	if b, err := os.ReadFile(out); err == nil && jarsExist(string(b)) {
		return strings.TrimSpace(string(b))
	}
	require.NoError(t, os.MkdirAll(cache, 0o755))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	args := []string{"-B", "-q", "-Dmaven.repo.local=" + filepath.Join(cache, "m2"), "-f", pom}
	for _, p := range props {
		args = append(args, "-D"+p)
	}
	args = append(args, "dependency:build-classpath", "-Dmdep.outputFile="+out)
	b, err := exec.CommandContext(ctx, mvn, args...).CombinedOutput()
	require.NoError(t, err, "resolve %s: %s", name, Tail(string(b), 30))
	cp, err := os.ReadFile(out)
	require.NoError(t, err)
	return strings.TrimSpace(string(cp))
}

// Tail is the last n lines of s.
func Tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n") + "\n"
}

func jarsExist(cp string) bool {
	cp = strings.TrimSpace(cp)
	if cp == "" {
		return false
	}
	for _, jar := range filepath.SplitList(cp) {
		if _, err := os.Stat(jar); err != nil {
			return false
		}
	}
	return true
}
