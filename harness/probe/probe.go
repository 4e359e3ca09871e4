package probe

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness/hms"
	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
	"github.com/segmentio/kafka-go"
)

// Kafka asks each broker for the cluster's metadata, then dials every
// broker the cluster advertises: a broker that advertises a name this machine
// cannot reach (kafka:29092 of a compose network) fails here, not in a step.
func Kafka(ctx context.Context, brokers []string) error {
	d := &kafka.Dialer{Timeout: timeout(ctx)}
	for _, addr := range brokers {
		conn, err := d.DialContext(ctx, "tcp", addr)
		if err != nil {
			return fmt.Errorf("metadata: %w", err)
		}
		if dl, ok := ctx.Deadline(); ok {
			conn.SetDeadline(dl)
		}
		advertised, err := conn.Brokers()
		conn.Close()
		if err != nil {
			return fmt.Errorf("metadata from %s: %w", addr, err)
		}
		if len(advertised) == 0 {
			return fmt.Errorf("metadata from %s: no broker registered yet", addr)
		}
		for _, b := range advertised {
			adv := net.JoinHostPort(b.Host, strconv.Itoa(b.Port))
			c, err := (&net.Dialer{}).DialContext(ctx, "tcp", adv)
			if err != nil {
				return fmt.Errorf("broker %d advertises %s, which this machine cannot reach (advertise a listener for the host): %w", b.ID, adv, err)
			}
			c.Close()
		}
	}
	return nil
}

// Warehouse stats the warehouse's root (hdfs://host:port or file:///dir).
// A file:// root must exist already: it is never created here.
func Warehouse(ctx context.Context, root string) error {
	return withContext(ctx, func() error {
		if u, err := url.Parse(root); err == nil && u.Scheme == "file" {
			if _, err := os.Stat(u.Path); err != nil {
				return fmt.Errorf("stat /: %w", err)
			}
		}
		fs, err := warehouse.Open(root)
		if err != nil {
			return err
		}
		defer fs.Close()
		fi, err := fs.Stat("/")
		if err != nil {
			return fmt.Errorf("stat /: %w", err)
		}
		if !fi.IsDir() {
			return errors.New("stat /: not a directory")
		}
		return nil
	})
}

// WarehouseWrite writes a small file under /tmp of the warehouse, reads it
// back and removes it: on HDFS that needs a DataNode that takes blocks at
// the address it advertises, which a stat does not show.
func WarehouseWrite(ctx context.Context, root string) error {
	return withContext(ctx, func() error {
		fs, err := warehouse.Open(root)
		if err != nil {
			return err
		}
		defer fs.Close()
		const name = "/tmp/.lab-ready"
		if err := fs.MkdirAll("/tmp"); err != nil {
			return fmt.Errorf("write probe: %w", err)
		}
		w, err := fs.Create(name)
		if err != nil {
			return fmt.Errorf("write probe: %w", err)
		}
		if _, err := io.WriteString(w, "ready\n"); err != nil {
			w.Close()
			return fmt.Errorf("write probe: %w", err)
		}
		if err := w.Close(); err != nil {
			return fmt.Errorf("write probe: %w", err)
		}
		f, err := fs.Open(name)
		if err != nil {
			return fmt.Errorf("read probe: %w", err)
		}
		b, err := io.ReadAll(f)
		f.Close()
		if err != nil || string(b) != "ready\n" {
			return fmt.Errorf("read probe: %q, %v", b, err)
		}
		return fs.RemoveAll(name)
	})
}

// ZooKeeper sends ZooKeeper's four-letter word ruok to addr and wants imok
// (fixtures/zookeeper/zoo.cfg whitelists it).
func ZooKeeper(ctx context.Context, addr string) error {
	c, err := (&net.Dialer{}).DialContext(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	defer c.Close()
	if dl, ok := ctx.Deadline(); ok {
		c.SetDeadline(dl)
	}
	if _, err := c.Write([]byte("ruok")); err != nil {
		return err
	}
	b, _ := io.ReadAll(io.LimitReader(c, 64))
	if string(b) != "imok" {
		return fmt.Errorf("ruok: answered %q", b)
	}
	return nil
}

// Metastore lists the metastore's databases over Thrift (get_all_databases).
func Metastore(ctx context.Context, addr string) error {
	return withContext(ctx, func() error {
		c, err := hms.Dial(addr, hms.WithTimeouts(timeout(ctx), timeout(ctx)))
		if err != nil {
			return err
		}
		defer c.Close()
		if _, err := c.Databases(); err != nil {
			return fmt.Errorf("get_all_databases: %w", err)
		}
		return nil
	})
}

// prestoInfo is the part of Presto's /v1/info the check reads.
type prestoInfo struct {
	Starting    *bool `json:"starting"`
	NodeVersion struct {
		Version string `json:"version"`
	} `json:"nodeVersion"`
}

// Presto reads the coordinator's /v1/info (base URL http://host:port) and
// wants starting=false, then its /v1/cluster and wants an active worker:
// until the coordinator's node list has a node, a query over a hive table
// fails ("sortedCandidates is null or empty for ModularHashingNodeProvider",
// measured on the local backend's PrestoDB 0.287) although /v1/info already
// says started. A server without /v1/cluster (404) is taken at its /v1/info
// word: the worker count cannot be asked there.
func Presto(ctx context.Context, base string) error {
	base = strings.TrimRight(base, "/")
	status, body, err := get(ctx, base+"/v1/info")
	if err != nil {
		return fmt.Errorf("get /v1/info: %w", err)
	}
	if status != http.StatusOK {
		return fmt.Errorf("get /v1/info: %d %s", status, http.StatusText(status))
	}
	var info prestoInfo
	if err := json.Unmarshal(body, &info); err != nil || info.Starting == nil {
		return fmt.Errorf("get /v1/info: not a Presto coordinator's answer: %.80q", body)
	}
	if *info.Starting {
		return ErrStarting
	}
	status, body, err = get(ctx, base+"/v1/cluster")
	if err != nil {
		return fmt.Errorf("get /v1/cluster: %w", err)
	}
	switch status {
	case http.StatusOK:
	case http.StatusNotFound:
		return nil
	default:
		return fmt.Errorf("get /v1/cluster: %d %s", status, http.StatusText(status))
	}
	var cluster struct {
		ActiveWorkers *int `json:"activeWorkers"`
	}
	if err := json.Unmarshal(body, &cluster); err != nil || cluster.ActiveWorkers == nil {
		return fmt.Errorf("get /v1/cluster: not a Presto coordinator's answer: %.80q", body)
	}
	if *cluster.ActiveWorkers < 1 {
		return ErrNoWorker
	}
	return nil
}

// get fetches url and returns its status and (at most 1 MiB of) its body.
func get(ctx context.Context, url string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return 0, nil, err
	}
	return resp.StatusCode, body, nil
}

// withContext runs f, a call that takes no context, and gives up when ctx ends.
func withContext(ctx context.Context, f func() error) error {
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return fmt.Errorf("no answer within the deadline: %w", ctx.Err())
	}
}

// ErrStarting is returned by Presto while the coordinator is still starting.
var ErrStarting = errors.New("get /v1/info: the coordinator is still starting")

// ErrNoWorker is returned by Presto while the started coordinator counts no
// active worker yet. It is still starting too: errors.Is(ErrNoWorker, ErrStarting) holds.
var ErrNoWorker error = noWorker{}

type noWorker struct{}

func (noWorker) Error() string {
	return "get /v1/cluster: no active worker yet (queries would fail: sortedCandidates is null or empty)"
}

func (noWorker) Is(target error) bool { return target == ErrStarting }

// timeout is what is left of ctx's deadline, or 10 s without one.
func timeout(ctx context.Context) time.Duration {
	if dl, ok := ctx.Deadline(); ok {
		if d := time.Until(dl); d > 0 {
			return d
		}
		return time.Millisecond
	}
	return 10 * time.Second
}
