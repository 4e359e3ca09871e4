package local

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/fullstack-lab/fullstack-lab/fixtures"
)

// Pinned versions; the poms in fixtures/maven say the same.
const (
	prestoVersion = "0.287"
	hadoopVersion = "3.4.1"
)

// hiveDist is one standalone metastore release.
type hiveDist struct {
	version    string
	pom        string // fixtures/maven/<pom>/pom.xml fetches the tarball
	tarball    string
	schema     string // its Derby schema script
	schemaTool string // schematool's main class
}

var hives = map[string]hiveDist{
	"3": {"3.1.3", "dist", "hive-standalone-metastore-3.1.3-bin.tar.gz", "hive-schema-3.1.0.derby.sql",
		"org.apache.hadoop.hive.metastore.tools.MetastoreSchemaTool"},
	"4": {"4.0.1", "hive4", "hive-standalone-metastore-server-4.0.1-bin.tar.gz", "hive-schema-4.0.0.derby.sql",
		"org.apache.hadoop.hive.metastore.tools.schematool.MetastoreSchemaTool"},
}

// kafkaDist is one Kafka release and how it runs.
type kafkaDist struct {
	version string
	pom     string // fixtures/maven/<pom>/pom.xml fetches its classpath
	kraft   bool   // one node as broker and controller, formatted first, no ZooKeeper
}

var kafkas = map[string]kafkaDist{
	"3": {"3.9.1", "kafka", false},
	"4": {"4.1.2", "kafka4", true},
}

// artifacts is what the services run from, all under the cache.
type artifacts struct {
	kafkaCP     []string // Kafka (and, for 3.9, ZooKeeper)
	kafka       kafkaDist
	hadoopCP    []string // HDFS daemons and the metastore's Hadoop client
	minicluster string   // hadoop-client-minicluster: the NameNode's webapps
	metastore   string   // the unpacked standalone metastore (lib/, scripts/)
	hive        hiveDist // which one
	presto      string   // the unpacked Presto server (lib/, plugin/)
}

// fetcher resolves the poms of fixtures/maven with Maven into the cache.
type fetcher struct {
	kafka    kafkaDist
	hive     hiveDist
	cache    string
	mvn      string
	jdk      JDK
	progress func(string, ...any)
}

// fetch makes sure every artifact is in the cache and returns where. The
// first run downloads about 2.3 GB from Maven Central (2 GB of it Presto's
// tarball, unpacked in part); later runs reuse it.
// A lock on the cache keeps concurrent runs from fetching twice.
func (f fetcher) fetch(ctx context.Context) (artifacts, error) {
	if err := os.MkdirAll(f.cache, 0o755); err != nil {
		return artifacts{}, fmt.Errorf("cache: %w", err)
	}
	unlock, err := lockFile(filepath.Join(f.cache, ".lock"))
	if err != nil {
		return artifacts{}, err
	}
	defer unlock()

	var a artifacts
	if a.kafkaCP, err = f.classpath(ctx, f.kafka.pom); err != nil {
		return a, err
	}
	a.kafka = f.kafka
	if a.hadoopCP, err = f.classpath(ctx, "hadoop"); err != nil {
		return a, err
	}
	// The tarballs and jars stay where Maven put them; only the tarballs are unpacked.
	dist, err := f.classpath(ctx, "dist")
	if err != nil {
		return a, err
	}
	find := func(base string) string {
		for _, p := range dist {
			if filepath.Base(p) == base {
				return p
			}
		}
		return filepath.Join("(not fetched)", base)
	}
	var asm []string
	for _, p := range dist {
		if strings.HasPrefix(filepath.Base(p), "asm-") {
			asm = append(asm, p)
		}
	}
	if len(asm) == 0 {
		return a, errors.New("fetch dist: no ASM jars")
	}
	a.minicluster = find("hadoop-client-minicluster-" + hadoopVersion + ".jar")
	hive := dist
	if f.hive.pom != "dist" {
		if hive, err = f.classpath(ctx, f.hive.pom); err != nil {
			return a, err
		}
	}
	a.hive = f.hive
	a.metastore = filepath.Join(f.cache, "dist", "hive-metastore-"+f.hive.version+metastoreFix)
	tarball := filepath.Join("(not fetched)", f.hive.tarball)
	if i := slices.IndexFunc(hive, func(p string) bool { return filepath.Base(p) == f.hive.tarball }); i >= 0 {
		tarball = hive[i]
	}
	if err := f.unpack(tarball, a.metastore, keepAll, nil, fixDerbySchema(f.hive.schema)); err != nil {
		return a, err
	}
	a.presto = filepath.Join(f.cache, "dist", "presto-server-"+prestoVersion)
	if err := f.unpack(find("presto-server-"+prestoVersion+".tar.gz"), a.presto, keepPresto, asm, nil); err != nil {
		return a, err
	}
	return a, nil
}

// classpath resolves fixtures/maven/NAME/pom.xml's dependencies and returns their jars.
func (f fetcher) classpath(ctx context.Context, name string) ([]string, error) {
	out := filepath.Join(f.cache, name+".classpath")
	if err := f.resolve(ctx, name, "dependency:build-classpath", "-Dmdep.outputFile="+out); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(out)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", name, err)
	}
	cp := strings.Split(strings.TrimSpace(string(b)), string(os.PathListSeparator))
	for _, jar := range cp {
		if _, err := os.Stat(jar); err != nil {
			os.Remove(out) // resolve again next time
			return nil, fmt.Errorf("fetch %s: %w (run again to fetch it anew)", name, err)
		}
	}
	return cp, nil
}

// resolve runs Maven on fixtures/maven/NAME/pom.xml unless the same pom was
// resolved before (its copy in the cache is the stamp, written last).
func (f fetcher) resolve(ctx context.Context, name, goal string, args ...string) error {
	pom, err := fs.ReadFile(fixtures.Templates, "maven/"+name+"/pom.xml")
	if err != nil {
		return fmt.Errorf("fetch %s: %w", name, err)
	}
	dir := filepath.Join(f.cache, "poms", name)
	stamp := filepath.Join(dir, "pom.xml")
	if old, err := os.ReadFile(stamp); err == nil && bytes.Equal(old, pom) {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("fetch %s: %w", name, err)
	}
	work := filepath.Join(dir, "resolve.xml")
	if err := os.WriteFile(work, pom, 0o644); err != nil {
		return fmt.Errorf("fetch %s: %w", name, err)
	}
	f.progress("fetching   %s from Maven Central into %s (once; later runs reuse it)", name, f.cache)
	argv := append([]string{"-B", "-q", "-Dmaven.repo.local=" + filepath.Join(f.cache, "m2"), "-f", work, goal}, args...)
	cmd := exec.CommandContext(ctx, f.mvn, argv...)
	cmd.Env = append(os.Environ(), "JAVA_HOME="+f.jdk.Home)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("fetch %s: mvn %s: %w\n%s", name, goal, err, tail(out.String(), 30))
	}
	return os.WriteFile(stamp, pom, 0o644)
}

// keepAll keeps every entry of a tarball.
func keepAll(string) bool { return true }

// keepPresto keeps the server's libraries and the two plugins the lab uses
// (hive-hadoop2 for the hive catalog, tpch for smoke tests): Presto loads
// every plugin it finds, and the other forty slow its start. ASM 9.0 is
// dropped; the newer ASM goes in its place.
func keepPresto(name string) bool {
	base := filepath.Base(name)
	if strings.HasPrefix(base, "asm-") && strings.HasSuffix(base, ".jar") {
		return false
	}
	if strings.HasPrefix(name, "plugin/") {
		return strings.HasPrefix(name, "plugin/hive-hadoop2/") || strings.HasPrefix(name, "plugin/tpch/")
	}
	return true
}

// unpack extracts the tarball into dest once: into a temporary directory,
// then renamed, so an interrupted unpack is never taken for a finished one.
// The tarball's top directory is stripped. The extra jars are copied into
// lib/ and into each plugin directory; fix, if any, edits the tree last.
func (f fetcher) unpack(tarball, dest string, keep func(string) bool, extra []string, fix func(dir string) error) error {
	if _, err := os.Stat(dest); err == nil {
		return nil
	}
	f.progress("unpacking  %s", filepath.Base(tarball))
	tmp := dest + ".partial"
	os.RemoveAll(tmp)
	if err := untar(tarball, tmp, keep); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("unpack %s: %w", filepath.Base(tarball), err)
	}
	if len(extra) > 0 {
		dirs, _ := filepath.Glob(filepath.Join(tmp, "plugin", "*"))
		dirs = append(dirs, filepath.Join(tmp, "lib"))
		for _, d := range dirs {
			for _, jar := range extra {
				if err := copyFile(jar, filepath.Join(d, filepath.Base(jar))); err != nil {
					os.RemoveAll(tmp)
					return fmt.Errorf("unpack %s: %w", filepath.Base(tarball), err)
				}
			}
		}
	}
	if fix != nil {
		if err := fix(tmp); err != nil {
			os.RemoveAll(tmp)
			return fmt.Errorf("unpack %s: %w", filepath.Base(tarball), err)
		}
	}
	return os.Rename(tmp, dest)
}

// metastoreFix names the unpacked metastore's revision of fixDerbySchema,
// so a cache unpacked before the fix is unpacked again.
const metastoreFix = ".lab1"

// fixDerbySchema makes TABLE_PARAMS.PARAM_VALUE a VARCHAR(32672) in the
// metastore's Derby schema script (name), as its own JDO mapping
// (package.jdo) declares it. The script says CLOB, and Derby cannot compare
// CLOBs: every Presto SHOW TABLES (which lists views by a TABLE_PARAMS
// filter) then fails in the metastore with "Comparisons between 'CLOB
// (UCS_BASIC)' and 'CLOB (UCS_BASIC)' are not supported" and times out in Presto.
func fixDerbySchema(name string) func(dir string) error {
	return func(dir string) error {
		return fixDerbyScript(filepath.Join(dir, "scripts", "metastore", "upgrade", "derby", name))
	}
}

func fixDerbyScript(script string) error {
	b, err := os.ReadFile(script)
	if err != nil {
		return err
	}
	const from = `CREATE TABLE "APP"."TABLE_PARAMS" ("TBL_ID" BIGINT NOT NULL, "PARAM_KEY" VARCHAR(256) NOT NULL, "PARAM_VALUE" CLOB);`
	const to = `CREATE TABLE "APP"."TABLE_PARAMS" ("TBL_ID" BIGINT NOT NULL, "PARAM_KEY" VARCHAR(256) NOT NULL, "PARAM_VALUE" VARCHAR(32672));`
	if !bytes.Contains(b, []byte(from)) {
		return fmt.Errorf("fix %s: TABLE_PARAMS definition not found", filepath.Base(script))
	}
	return os.WriteFile(script, bytes.Replace(b, []byte(from), []byte(to), 1), 0o644)
}

func untar(tarball, dest string, keep func(string) bool) error {
	in, err := os.Open(tarball)
	if err != nil {
		return err
	}
	defer in.Close()
	gz, err := gzip.NewReader(in)
	if err != nil {
		return err
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		// Strip the top directory (presto-server-0.287/...).
		name := filepath.ToSlash(filepath.Clean(h.Name))
		i := strings.IndexByte(name, '/')
		if i < 0 {
			continue
		}
		name = name[i+1:]
		if strings.HasPrefix(name, "../") || !keep(name) {
			continue
		}
		path := filepath.Join(dest, filepath.FromSlash(name))
		switch h.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(path, 0o755); err != nil {
				return err
			}
		case tar.TypeReg:
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return err
			}
			out, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, fs.FileMode(h.Mode)&0o755|0o644)
			if err != nil {
				return err
			}
			if _, err := io.Copy(out, tr); err != nil {
				out.Close()
				return err
			}
			if err := out.Close(); err != nil {
				return err
			}
		case tar.TypeSymlink:
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return err
			}
			if err := os.Symlink(h.Linkname, path); err != nil {
				return err
			}
		}
	}
}

func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o644)
}

// lockFile takes an exclusive flock on path, waiting for it, and returns its release.
func lockFile(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock cache: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("lock cache: %w", err)
	}
	return func() { syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, nil
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
