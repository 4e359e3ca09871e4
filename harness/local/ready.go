package local

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness/probe"
)

// waitReady polls check until it succeeds, the process exits, or ctx ends.
// A failure shows the last error and the end of the service's log.
func waitReady(ctx context.Context, p *process, check func(context.Context) error) error {
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	var last error
	for {
		cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		last = check(cctx)
		cancel()
		if last == nil {
			return nil
		}
		select {
		case <-p.done:
			return fmt.Errorf("%s exited (%v) before it was ready\n%s", p.name, p.err, p.tail())
		case <-ctx.Done():
			return fmt.Errorf("%s not ready: %w (last check: %v)\n%s", p.name, ctx.Err(), last, p.tail())
		case <-tick.C:
		}
	}
}

// zooKeeperReady sends the four-letter word ruok and wants imok.
func zooKeeperReady(addr string) func(context.Context) error {
	return func(ctx context.Context) error { return probe.ZooKeeper(ctx, addr) }
}

// kafkaReady wants the broker to answer metadata listing itself.
func kafkaReady(addr string) func(context.Context) error {
	return func(ctx context.Context) error { return probe.Kafka(ctx, []string{addr}) }
}

// hdfsReady wants the NameNode out of safe mode with a live DataNode
// (its JMX over HTTP), then a file written, read back and removed with the
// project's HDFS client: the DataNode takes blocks at the address it advertises.
func hdfsReady(httpAddr, rpcAddr string) func(context.Context) error {
	return func(ctx context.Context) error {
		var st struct {
			Beans []struct {
				FSState          string
				NumLiveDataNodes int
			}
		}
		url := "http://" + httpAddr + "/jmx?qry=Hadoop:service=NameNode,name=FSNamesystemState"
		if err := getJSON(ctx, url, &st); err != nil {
			return err
		}
		if len(st.Beans) == 0 {
			return errors.New("namenode: no FSNamesystemState yet")
		}
		if b := st.Beans[0]; b.FSState != "Operational" || b.NumLiveDataNodes < 1 {
			return fmt.Errorf("namenode: state %q, %d live datanodes", b.FSState, b.NumLiveDataNodes)
		}
		return probe.WarehouseWrite(ctx, "hdfs://"+rpcAddr)
	}
}

// metastoreReady wants the metastore to list its databases over Thrift.
func metastoreReady(addr string) func(context.Context) error {
	return func(ctx context.Context) error { return probe.Metastore(ctx, addr) }
}

// prestoReady wants /v1/info to say starting=false, then /v1/cluster to
// count an active worker: until the coordinator's node list has its own
// node, a query over a hive table fails with "sortedCandidates is null or
// empty for ModularHashingNodeProvider" (seen when a query came at once).
func prestoReady(url string) func(context.Context) error {
	return func(ctx context.Context) error {
		if err := probe.Presto(ctx, url); err != nil {
			return err
		}
		var cluster struct{ ActiveWorkers int }
		if err := getJSON(ctx, url+"/v1/cluster", &cluster); err != nil {
			return err
		}
		if cluster.ActiveWorkers < 1 {
			return errors.New("presto: no active worker yet")
		}
		return nil
	}
}

func getJSON(ctx context.Context, url string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("get %s: %s", url, resp.Status)
	}
	return json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(v)
}

// props reads a Java properties file's key=value lines (no continuations).
func props(b []byte) [][2]string {
	var out [][2]string
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' || line[0] == '!' {
			continue
		}
		if k, v, ok := strings.Cut(line, "="); ok {
			out = append(out, [2]string{strings.TrimSpace(k), strings.TrimSpace(v)})
		}
	}
	return out
}
