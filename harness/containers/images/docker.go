package images

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
)

// docker runs the docker command against one engine.
type docker struct {
	bin  string
	host string // DOCKER_HOST, "" for the command's default
}

// newDocker finds the docker command and checks that the engine answers.
func newDocker(ctx context.Context, host string) (docker, error) {
	bin, err := exec.LookPath("docker")
	if err != nil {
		return docker{}, fmt.Errorf("%w: the docker command is not on PATH (Debian: apt-get install docker.io)", ErrNoDocker)
	}
	d := docker{bin: bin, host: host}
	out, err := d.output(ctx, "version", "--format", "{{.Server.Version}}")
	if err != nil {
		where := "the default engine"
		if host != "" {
			where = host
		}
		return docker{}, fmt.Errorf("%w at %s: %v (start Docker, or the lab's own engine: sudo fixtures/images/dockerd.sh start)", ErrNoDocker, where, err)
	}
	_ = out
	return d, nil
}

func (d docker) cmd(ctx context.Context, args ...string) *exec.Cmd {
	c := exec.CommandContext(ctx, d.bin, args...)
	c.Env = append(os.Environ(), "DOCKER_BUILDKIT=0") // the legacy builder: no buildx here
	if d.host != "" {
		c.Env = append(c.Env, "DOCKER_HOST="+d.host)
	}
	return c
}

// output runs docker and returns its stdout; the error carries stderr's last lines.
func (d docker) output(ctx context.Context, args ...string) (string, error) {
	var out, errb bytes.Buffer
	c := d.cmd(ctx, args...)
	c.Stdout, c.Stderr = &out, &errb
	if err := c.Run(); err != nil {
		return out.String(), fmt.Errorf("docker %s: %w: %s", args[0], err, lastLines(errb.String(), 5))
	}
	return out.String(), nil
}

// run runs docker with its output to log; the error carries log's tail when log is a file.
func (d docker) run(ctx context.Context, log io.Writer, stdin io.Reader, args ...string) error {
	c := d.cmd(ctx, args...)
	c.Stdout, c.Stderr, c.Stdin = log, log, stdin
	if err := c.Run(); err != nil {
		return fmt.Errorf("docker %s: %w", args[0], err)
	}
	return nil
}

// inspected is what Build and List read of an image.
type inspected struct {
	ID      string
	Created string
	Size    int64
	Config  struct {
		Labels map[string]string
	}
}

// inspect returns the image ref, or ok=false when the engine has none.
func (d docker) inspect(ctx context.Context, ref string) (inspected, bool, error) {
	out, err := d.output(ctx, "image", "inspect", ref)
	if err != nil {
		if strings.Contains(err.Error(), "No such image") || strings.Contains(err.Error(), "No such object") {
			return inspected{}, false, nil
		}
		return inspected{}, false, err
	}
	var v []inspected
	if err := json.Unmarshal([]byte(out), &v); err != nil || len(v) == 0 {
		return inspected{}, false, fmt.Errorf("inspect %s: %v", ref, err)
	}
	return v[0], true, nil
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
