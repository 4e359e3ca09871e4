package images

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
)

// defaultMirror is where debootstrap fetches Debian's packages.
const defaultMirror = "http://deb.debian.org/debian"

// rootfsTar is the Debian base's root filesystem in the cache: made once by
// debootstrap, imported into each engine that lacks DebianRef.
const rootfsTar = "debian-bookworm-minbase.tar"

// ensureDebian makes DebianRef in the engine unless it is there: a Debian
// bookworm root filesystem from debootstrap --variant=minbase (cached as a
// tarball, so a new engine only imports it), then docker import.
func (b *builder) ensureDebian(ctx context.Context) error {
	if _, ok, err := b.docker.inspect(ctx, DebianRef); err != nil || ok {
		if ok {
			b.say("debian", "%s is there", DebianRef)
		}
		return err
	}
	tarball := filepath.Join(b.cache, rootfsTar)
	if _, err := os.Stat(tarball); err != nil {
		if err := b.debootstrap(ctx, tarball); err != nil {
			return err
		}
	} else {
		b.say("debian", "root filesystem from the cache (%s)", tarball)
	}
	f, err := os.Open(tarball)
	if err != nil {
		return fmt.Errorf("debian base: %w", err)
	}
	defer f.Close()
	b.say("debian", "docker import %s", DebianRef)
	log, err := b.log("debian")
	if err != nil {
		return err
	}
	defer log.Close()
	if err := b.docker.run(ctx, log, f, "import", "-c", `CMD ["/bin/bash"]`,
		"-c", "LABEL "+LabelSet+"=lab", "-", DebianRef); err != nil {
		return fmt.Errorf("debian base: %w%s", err, log.tail())
	}
	return nil
}

// debootstrap makes the root filesystem tarball: debootstrap into a
// temporary directory, apt's cache emptied, tar, renamed into place last.
func (b *builder) debootstrap(ctx context.Context, tarball string) error {
	tool, err := exec.LookPath("debootstrap")
	if err != nil {
		return fmt.Errorf("%w: debian base: no registry image was given (--base, --jre) and debootstrap, which makes one from Debian packages, is not on PATH: apt-get install debootstrap", ErrMissing)
	}
	if os.Geteuid() != 0 {
		return fmt.Errorf("%w: debian base: debootstrap needs root: run `sudo lab images build` once (later builds reuse %s), or give a registry image with --base or --jre", ErrMissing, tarball)
	}
	mirror := b.opts.Mirror
	if mirror == "" {
		mirror = defaultMirror
	}
	root, err := os.MkdirTemp(b.cache, "rootfs-")
	if err != nil {
		return fmt.Errorf("debian base: %w", err)
	}
	defer os.RemoveAll(root)
	log, err := b.log("debian")
	if err != nil {
		return err
	}
	defer log.Close()
	b.say("debian", "debootstrap --variant=minbase bookworm from %s (once, about 1-2 minutes; log %s)", mirror, log.path)
	steps := [][]string{
		{tool, "--variant=minbase", "bookworm", root, mirror},
		{"chroot", root, "apt-get", "clean"},
	}
	for _, argv := range steps {
		if err := runTo(ctx, log, argv...); err != nil {
			return fmt.Errorf("debian base: %s: %w%s", filepath.Base(argv[0]), err, log.tail())
		}
	}
	part := tarball + ".partial"
	if err := runTo(ctx, log, "tar", "-C", root, "-cf", part, "."); err != nil {
		os.Remove(part)
		return fmt.Errorf("debian base: tar: %w%s", err, log.tail())
	}
	return os.Rename(part, tarball)
}

func runTo(ctx context.Context, w io.Writer, argv ...string) error {
	c := exec.CommandContext(ctx, argv[0], argv[1:]...)
	c.Stdout, c.Stderr = w, w
	return c.Run()
}
