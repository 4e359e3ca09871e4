package external_test

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness/embedded"
	"github.com/fullstack-lab/fullstack-lab/harness/external"
	"github.com/fullstack-lab/fullstack-lab/harness/stack"
	"github.com/segmentio/kafka-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// services starts an embedded stack whose Kafka, warehouse and metastore
// stand in for a cluster someone else runs.
func services(t *testing.T) stack.Endpoints {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	r, err := embedded.Start(ctx, stack.Options{Dir: t.TempDir()})
	if r != nil {
		t.Cleanup(func() { r.Close() })
	}
	require.NoError(t, err)
	return r.Endpoints()
}

// presto serves /v1/info as a Presto coordinator does.
func presto(t *testing.T, body string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/info" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// deadPort returns a loopback address nothing listens on.
func deadPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	l.Close()
	return addr
}

const prestoReady = `{"nodeVersion":{"version":"0.296"},"environment":"lab","coordinator":true,"starting":false,"uptime":"1.00m"}`

func start(t *testing.T, cfg external.Config) (stack.Running, string, error) {
	t.Helper()
	var progress bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	r, err := external.Start(ctx, cfg, stack.Options{Dir: t.TempDir(), Progress: &progress})
	return r, progress.String(), err
}

func TestStartChecksEveryService(t *testing.T) {
	ep := services(t)
	url := presto(t, prestoReady)
	r, progress, err := start(t, external.Config{Kafka: ep.Kafka, Warehouse: ep.Warehouse, Metastore: ep.Metastore, Presto: url})
	require.NoError(t, err)
	defer r.Close()

	got := r.Endpoints()
	assert.Equal(t, stack.External, got.Backend)
	assert.Equal(t, ep.Kafka, got.Kafka)
	assert.Equal(t, ep.Warehouse, got.Warehouse)
	assert.Equal(t, ep.Metastore, got.Metastore)
	assert.Equal(t, url, got.Presto)
	var names []string
	for _, s := range got.Services {
		names = append(names, s.Name)
	}
	assert.Equal(t, []string{"kafka", "warehouse", "metastore", "presto"}, names)
	assert.Contains(t, progress, "kafka      "+ep.Kafka[0]+" (external)\n")

	// The stack is usable through its endpoints.
	w := &kafka.Writer{Addr: kafka.TCP(got.Kafka...), Topic: "external_check", AllowAutoTopicCreation: true}
	defer w.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	require.NoError(t, w.WriteMessages(ctx, kafka.Message{Value: []byte(`{"event_type": "default"}`)}))
}

func TestStartWithoutOptionalServices(t *testing.T) {
	ep := services(t)
	r, progress, err := start(t, external.Config{Kafka: ep.Kafka, Warehouse: ep.Warehouse})
	require.NoError(t, err)
	assert.Empty(t, r.Endpoints().Metastore)
	assert.Empty(t, r.Endpoints().Presto)
	assert.Empty(t, r.Endpoints().Locations, "table locations use the warehouse's address")
	assert.Contains(t, progress, "metastore  (not given: LAB_METASTORE unset)\n")
	assert.Contains(t, progress, "presto     (not given: LAB_PRESTO unset)\n")
}

func TestStartErrorsNameTheVariable(t *testing.T) {
	ep := services(t)
	dead := deadPort(t)
	missing := "file://" + t.TempDir() + "/missing"
	tests := []struct {
		description string
		cfg         external.Config
		want        string // the error's beginning
		contains    string
	}{
		{"no kafka", external.Config{Warehouse: ep.Warehouse},
			"LAB_KAFKA not set: give the Kafka brokers (host:port,...) with -b/--brokers or LAB_KAFKA", ""},
		{"no warehouse", external.Config{Kafka: ep.Kafka},
			"LAB_WAREHOUSE not set: give the warehouse (hdfs://host:port or file:///dir) with --warehouse or LAB_WAREHOUSE", ""},
		{"kafka down", external.Config{Kafka: []string{dead}, Warehouse: ep.Warehouse},
			"LAB_KAFKA=" + dead + ": kafka does not answer: metadata: ", "connection refused"},
		{"warehouse missing", external.Config{Kafka: ep.Kafka, Warehouse: missing},
			"LAB_WAREHOUSE=" + missing + ": warehouse does not answer: ", "no such file or directory"},
		{"warehouse scheme", external.Config{Kafka: ep.Kafka, Warehouse: "s3://bucket"},
			"LAB_WAREHOUSE=s3://bucket: warehouse does not answer: ", "scheme must be file:// or hdfs://"},
		{"metastore down", external.Config{Kafka: ep.Kafka, Warehouse: ep.Warehouse, Metastore: dead},
			"LAB_METASTORE=" + dead + ": metastore does not answer: ", "connection refused"},
		{"presto down", external.Config{Kafka: ep.Kafka, Warehouse: ep.Warehouse, Presto: "http://" + dead},
			"LAB_PRESTO=http://" + dead + ": presto does not answer: get /v1/info: ", "connection refused"},
		{"presto starting", external.Config{Kafka: ep.Kafka, Warehouse: ep.Warehouse, Presto: presto(t, `{"starting":true}`)},
			"LAB_PRESTO=", "presto does not answer: get /v1/info: the coordinator is still starting"},
		{"not presto", external.Config{Kafka: ep.Kafka, Warehouse: ep.Warehouse, Presto: presto(t, `<html>`)},
			"LAB_PRESTO=", `not a Presto coordinator's answer: "<html>"`},
	}
	for _, tc := range tests {
		t.Run(tc.description, func(t *testing.T) {
			tc.cfg.Timeout = 5 * time.Second
			_, _, err := start(t, tc.cfg)
			require.Error(t, err)
			assert.True(t, strings.HasPrefix(err.Error(), tc.want), "error %q, want it to begin with %q", err, tc.want)
			assert.Contains(t, err.Error(), tc.contains)
		})
	}
}

func TestKafkaAdvertisingAnUnreachableName(t *testing.T) {
	// A broker that answers metadata with an address the host cannot reach,
	// as the class's compose cluster does (kafka:29092).
	c, err := kfake.NewCluster(kfake.NumBrokers(1))
	require.NoError(t, err)
	defer c.Close()
	c.ControlKey(int16(kmsg.Metadata), func(req kmsg.Request) (kmsg.Response, error, bool) {
		c.KeepControl()
		resp := req.ResponseKind().(*kmsg.MetadataResponse)
		b := kmsg.NewMetadataResponseBroker()
		b.NodeID, b.Host, b.Port = 1, "kafka.invalid", 29092
		resp.Brokers = append(resp.Brokers, b)
		return resp, nil, true
	})
	_, _, err = start(t, external.Config{Kafka: c.ListenAddrs(), Warehouse: "file://" + t.TempDir(), Timeout: 5 * time.Second})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "kafka does not answer: broker 1 advertises kafka.invalid:29092, which this machine cannot reach (advertise a listener for the host)")
}

func TestFromEnv(t *testing.T) {
	env := map[string]string{
		external.EnvKafka:     " 127.0.0.1:9092, 127.0.0.1:9093 ,",
		external.EnvWarehouse: "hdfs://127.0.0.1:8020",
		external.EnvMetastore: "127.0.0.1:9083",
		external.EnvPresto:    "http://127.0.0.1:8080/",
		external.EnvLocations: "hdfs://namenode:8020",
	}
	assert.Equal(t, external.Config{
		Kafka:     []string{"127.0.0.1:9092", "127.0.0.1:9093"},
		Warehouse: "hdfs://127.0.0.1:8020",
		Metastore: "127.0.0.1:9083",
		Presto:    "http://127.0.0.1:8080",
		Locations: "hdfs://namenode:8020",
	}, external.FromEnv(func(k string) string { return env[k] }))
}

// The backend checks the services its Config names, and no others.
func TestBackend(t *testing.T) {
	ep := services(t)
	b := external.New(external.Config{Kafka: ep.Kafka, Warehouse: ep.Warehouse})
	assert.Equal(t, stack.External, b.Name())
	r, err := b.Start(context.Background(), stack.Options{Dir: t.TempDir()})
	require.NoError(t, err)
	assert.Equal(t, ep.Kafka, r.Endpoints().Kafka)
	assert.Empty(t, r.Endpoints().Metastore)
	require.NoError(t, r.Close())
}
