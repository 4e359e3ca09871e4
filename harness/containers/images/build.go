package images

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness/local"
)

// Labels on the images Build makes.
const (
	// LabelSet marks the lab's images (List and Remove find them by it).
	LabelSet = "org.fullstack-lab.images"
	// LabelInputs is a digest of what an image was built from: its
	// Dockerfile and files, and the image it is built on. An image whose
	// inputs did not change is not built again.
	LabelInputs = "org.fullstack-lab.inputs"
)

// builder is one Build.
type builder struct {
	opts   Options
	docker docker
	cache  string
	start  time.Time
}

// Build makes every image of the lab's set that is missing or out of date
// (All, in that order): the Debian base unless Base or JRE names a registry
// image, the JRE unless JRE does, then the services from the local
// backend's cache (fetched with Maven the first time, as `lab up --stack
// local` does). Images already built from the same inputs are kept: a
// second Build does nothing.
func Build(ctx context.Context, opts Options) error {
	b := &builder{opts: opts, start: time.Now()}
	var err error
	if b.docker, err = newDocker(ctx, opts.Docker); err != nil {
		return err
	}
	localCache, err := local.Cache(opts.Local)
	if err != nil {
		return err
	}
	b.cache = opts.cacheDir(localCache)
	if err := os.MkdirAll(filepath.Join(b.cache, "logs"), 0o755); err != nil {
		return fmt.Errorf("images cache: %w", err)
	}

	jre := opts.JRE
	if jre == "" {
		base := opts.Base
		if base == "" {
			if err := b.ensureDebian(ctx); err != nil {
				return err
			}
			base = DebianRef
		}
		if err := b.build(ctx, "jre", JRERef, map[string]string{"BASE": base}, base, nil); err != nil {
			return err
		}
		jre = JRERef
	}
	b.say("fetch", "the services' jars and tarballs from the local backend's cache (%s)", localCache)
	a, err := local.Fetch(ctx, opts.Local, prefixed{b, "fetch"})
	if err != nil {
		return fmt.Errorf("fetch the services: %w", err)
	}
	args := map[string]string{"JRE": jre}
	for _, img := range Services {
		if err := b.build(ctx, img.Name, img.Ref, args, jre, contextFiles(img.Name, a)); err != nil {
			return err
		}
	}
	b.say("done", "in %s", time.Since(b.start).Round(100*time.Millisecond))
	return nil
}

// build builds fixtures/images/NAME as ref with the build args, on the
// image from, with the extra files (context path → file on this machine),
// unless the engine has ref built from the same inputs.
func (b *builder) build(ctx context.Context, name, ref string, args map[string]string, from string, extra []link) error {
	fromImg, ok, err := b.docker.inspect(ctx, from)
	if err != nil {
		return err
	}
	if !ok {
		hint := "it is pulled from its registry if one answers"
		if from == JRERef || from == DebianRef {
			hint = "lab images build makes it"
		}
		b.say(name, "%s is not here (%s)", from, hint)
	}
	digest, err := inputs(name, fromImg.ID, args, extra)
	if err != nil {
		return err
	}
	if img, ok, err := b.docker.inspect(ctx, ref); err != nil {
		return err
	} else if ok && img.Config.Labels[LabelInputs] == digest {
		b.say(name, "%s is up to date", ref)
		return nil
	}
	t0 := time.Now()
	dir := filepath.Join(b.cache, "context", name)
	b.say(name, "building %s (%d files from the cache)", ref, len(extra))
	if err := makeContext(dir, name, extra); err != nil {
		return fmt.Errorf("build %s: %w", ref, err)
	}
	defer os.RemoveAll(dir)
	log, err := b.log(name)
	if err != nil {
		return err
	}
	defer log.Close()
	argv := []string{"build", "--tag", ref, "--label", LabelSet + "=lab", "--label", LabelInputs + "=" + digest}
	for k, v := range args {
		argv = append(argv, "--build-arg", k+"="+v)
	}
	argv = append(argv, dir)
	if err := b.docker.run(ctx, log, nil, argv...); err != nil {
		return fmt.Errorf("build %s: %w%s", ref, err, log.tail())
	}
	b.say(name, "built %s in %s", ref, time.Since(t0).Round(100*time.Millisecond))
	return nil
}

// inputs digests what an image is built from: the files of its
// fixtures/images directory, its build args, the base image's ID, and each
// extra file's path, size and modification time.
func inputs(name, fromID string, args map[string]string, extra []link) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "from %s\n", fromID)
	for _, k := range sortedKeys(args) {
		fmt.Fprintf(h, "arg %s=%s\n", k, args[k])
	}
	files, err := fixtureFiles(name)
	if err != nil {
		return "", err
	}
	for _, f := range files {
		fmt.Fprintf(h, "file %s %d\n", f.rel, len(f.data))
		h.Write(f.data)
	}
	for _, l := range extra {
		fi, err := os.Stat(l.src)
		if err != nil {
			return "", fmt.Errorf("build %s: %w", name, err)
		}
		fmt.Fprintf(h, "link %s %d %d\n", l.dst, fi.Size(), fi.ModTime().UnixNano())
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

type fixtureFile struct {
	rel  string
	data []byte
	mode os.FileMode
}

// fixtureFiles reads fixtures/images/NAME.
func fixtureFiles(name string) ([]fixtureFile, error) {
	var out []fixtureFile
	err := walkEmbedded(name, func(rel string, data []byte) {
		mode := os.FileMode(0o644)
		if strings.HasSuffix(rel, ".sh") || strings.HasPrefix(rel, "bin/") || rel == "hdfs" {
			mode = 0o755
		}
		out = append(out, fixtureFile{rel, data, mode})
	})
	if err != nil {
		return nil, fmt.Errorf("fixtures/images/%s: %w", name, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("fixtures/images/%s: no Dockerfile", name)
	}
	return out, nil
}

// say prints one progress line: the image, then what happens.
func (b *builder) say(name, format string, args ...any) {
	if b.opts.Progress != nil {
		fmt.Fprintf(b.opts.Progress, "%-7s %s\n", name, fmt.Sprintf(format, args...))
	}
}

// prefixed is a progress writer that prefixes each line with a name.
type prefixed struct {
	b    *builder
	name string
}

func (p prefixed) Write(s []byte) (int, error) {
	for _, line := range strings.Split(strings.TrimRight(string(s), "\n"), "\n") {
		p.b.say(p.name, "%s", strings.TrimSpace(line))
	}
	return len(s), nil
}

// logFile is an image's build log in the cache.
type logFile struct {
	*os.File
	path string
}

func (b *builder) log(name string) (*logFile, error) {
	p := filepath.Join(b.cache, "logs", name+".log")
	f, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("build log: %w", err)
	}
	fmt.Fprintf(f, "\n=== %s ===\n", time.Now().Format(time.RFC3339))
	return &logFile{f, p}, nil
}

// tail is the log's last lines, to show with an error.
func (l *logFile) tail() string {
	b, err := os.ReadFile(l.path)
	if err != nil {
		return ""
	}
	return fmt.Sprintf("\n--- last lines of %s ---\n%s", l.path, lastLines(string(b), 25))
}

var _ io.Writer = prefixed{}
