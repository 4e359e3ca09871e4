package containers

import (
	"context"
	"fmt"
	"strings"
	"time"

	cerrdefs "github.com/containerd/errdefs"

	"github.com/moby/moby/client"
)

// Available reports whether the engine o names answers (a ping). The
// error wraps ErrNoDocker and is one line saying why and what to do.
func (o Options) Available(ctx context.Context) error {
	cli, err := o.client()
	if err != nil {
		return err
	}
	defer cli.Close()
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if _, err := cli.Ping(ctx, client.PingOptions{}); err != nil {
		return fmt.Errorf("%w: %s: %s%s", ErrNoDocker, o.engine(), oneLine(err), hint)
	}
	return nil
}

// oneLine joins the lines of err's message (testcontainers' errors may span several).
func oneLine(err error) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(err.Error(), "\n", "; ")), " ")
}

const hint = " (start Docker or set DOCKER_HOST, or start the lab's own engine: sudo fixtures/images/dockerd.sh start, then eval \"$(fixtures/images/dockerd.sh env)\"; without Docker use --stack local or embedded)"

// imagesPresent checks that the engine has the lab's own images of im
// (those named fullstack-lab/...), which no registry serves, and says which
// command builds them; other images are pulled at start as usual.
func imagesPresent(ctx context.Context, cli *client.Client, im Images) error {
	var missing []string
	seen := map[string]bool{}
	for _, ref := range []string{im.ZooKeeper, im.Kafka, im.Hadoop, im.Hive, im.Presto} {
		if seen[ref] || !strings.HasPrefix(ref, labImagePrefix) {
			continue
		}
		seen[ref] = true
		if _, err := cli.ImageInspect(ctx, ref); err != nil {
			if cerrdefs.IsNotFound(err) {
				missing = append(missing, ref)
				continue
			}
			return fmt.Errorf("inspect image %s: %w", ref, err)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w: %s: build the lab's images with `lab images build` (once; needs root the first time, for debootstrap), or use the pinned public images with --images upstream where Docker Hub answers", ErrImageMissing, strings.Join(missing, ", "))
	}
	return nil
}

// labImagePrefix names the images `lab images build` makes.
const labImagePrefix = "fullstack-lab/"
