package external

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

	"github.com/fullstack-lab/fullstack-lab/harness/hms"
	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
	"github.com/segmentio/kafka-go"
)

// checkKafka asks each broker for the cluster's metadata, then dials every
// broker the cluster advertises: a broker that advertises a name this machine
// cannot reach (kafka:29092 of a compose network) fails here, not in a step.
func checkKafka(ctx context.Context, cfg Config) error {
	d := &kafka.Dialer{Timeout: cfg.Timeout}
	for _, addr := range cfg.Kafka {
		conn, err := d.DialContext(ctx, "tcp", addr)
		if err != nil {
			return fmt.Errorf("metadata: %w", err)
		}
		if dl, ok := ctx.Deadline(); ok {
			conn.SetDeadline(dl)
		}
		brokers, err := conn.Brokers()
		conn.Close()
		if err != nil {
			return fmt.Errorf("metadata from %s: %w", addr, err)
		}
		for _, b := range brokers {
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

// checkWarehouse stats the warehouse's root. A file:// root must exist
// already: someone else's warehouse is never created by the lab.
func checkWarehouse(ctx context.Context, cfg Config) error {
	return withContext(ctx, func() error {
		if u, err := url.Parse(cfg.Warehouse); err == nil && u.Scheme == "file" {
			if _, err := os.Stat(u.Path); err != nil {
				return fmt.Errorf("stat /: %w", err)
			}
		}
		fs, err := warehouse.Open(cfg.Warehouse)
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

// checkMetastore lists the metastore's databases over Thrift (get_all_databases).
func checkMetastore(ctx context.Context, cfg Config) error {
	return withContext(ctx, func() error {
		c, err := hms.Dial(cfg.Metastore, hms.WithTimeouts(cfg.Timeout, cfg.Timeout))
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

// checkPresto reads the coordinator's /v1/info and wants starting=false.
func checkPresto(ctx context.Context, cfg Config) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, cfg.Presto+"/v1/info", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("get /v1/info: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("get /v1/info: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("get /v1/info: %s", resp.Status)
	}
	var info prestoInfo
	if err := json.Unmarshal(body, &info); err != nil || info.Starting == nil {
		return fmt.Errorf("get /v1/info: not a Presto coordinator's answer: %.80q", body)
	}
	if *info.Starting {
		return errors.New("get /v1/info: the coordinator is still starting; wait for it (docker compose up --wait) and try again")
	}
	return nil
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
