package images

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"github.com/fullstack-lab/fullstack-lab/fixtures"
	fiximages "github.com/fullstack-lab/fullstack-lab/fixtures/images"
	"github.com/fullstack-lab/fullstack-lab/harness/local"
	"github.com/fullstack-lab/fullstack-lab/internal/fileio"
)

// link is a file of the local backend's cache that goes into a build
// context: src on this machine, dst relative to the context.
type link struct{ src, dst string }

// contextFiles lists what each service image is built from, besides its
// fixtures/images directory: the same files the local backend runs.
func contextFiles(name string, a local.Artifacts) []link {
	jars := func(dir string, paths []string) []link {
		var out []link
		for _, p := range paths {
			if strings.HasPrefix(filepath.Base(p), "logback-") {
				continue // Logback would bind SLF4J before reload4j (see fixtures/maven/kafka)
			}
			out = append(out, link{p, dir + "/" + filepath.Base(p)})
		}
		return out
	}
	switch name {
	case "kafka":
		return jars("jars", a.Kafka)
	case "hadoop":
		return append(jars("jars", a.Hadoop), link{a.Minicluster, "minicluster/" + filepath.Base(a.Minicluster)})
	case "hive":
		// The metastore's own conf/ stays out: its metastore-log4j2.properties
		// turns on asynchronous logging, whose LMAX Disruptor jar is not there.
		return append(tree(a.Metastore, "metastore", func(rel string) bool { return !strings.HasPrefix(rel, "conf/") }),
			jars("jars", a.Hadoop)...)
	case "presto":
		return tree(a.Presto, "server", func(string) bool { return true })
	}
	return nil
}

// tree lists the regular files under root (kept by keep, relative path) as links under dst.
func tree(root, dst string, keep func(rel string) bool) []link {
	var out []link
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.Type().IsRegular() && keep(rel) {
			out = append(out, link{p, dst + "/" + rel})
		}
		return nil
	})
	if len(out) == 0 {
		// An empty tree means a broken cache; inputs() then fails on it by name.
		out = append(out, link{filepath.Join(root, "(empty)"), dst + "/(empty)"})
	}
	return out
}

// makeContext fills dir anew: fixtures/images/NAME, the fixtures' console
// log4j.properties, and the extra files hard-linked from the cache (copied
// when the cache is on another filesystem).
func makeContext(dir, name string, extra []link) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	files, err := fixtureFiles(name)
	if err != nil {
		return err
	}
	log4j, err := fixtures.Render("log4j/log4j.properties", fixtures.Params{})
	if err != nil {
		return err
	}
	files = append(files, fixtureFile{"log4j.properties", log4j, 0o644})
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, f.data, f.mode); err != nil {
			return err
		}
	}
	for _, l := range extra {
		p := filepath.Join(dir, filepath.FromSlash(l.dst))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.Link(l.src, p); err != nil {
			if !errors.Is(err, syscall.EXDEV) && !errors.Is(err, syscall.EPERM) {
				return fmt.Errorf("link %s: %w", l.src, err)
			}
			if err := copyFile(l.src, p); err != nil {
				return err
			}
		}
	}
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	fi, err := in.Stat()
	if err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, fi.Mode().Perm())
	if err != nil {
		return err
	}
	return fileio.CopyClose(out, in)
}

// walkEmbedded calls f with each file of fixtures/images/NAME (path relative to it).
func walkEmbedded(name string, f func(rel string, data []byte)) error {
	return fs.WalkDir(fiximages.Files, name, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fiximages.Files.ReadFile(p)
		if err != nil {
			return err
		}
		f(strings.TrimPrefix(p, path.Clean(name)+"/"), data)
		return nil
	})
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
