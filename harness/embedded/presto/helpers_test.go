package presto_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	client "github.com/prestodb/presto-go-client/v2"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness/embedded/presto"
)

// purchase is a row of the class's /tmp/purchases files, as Spark wrote them.
type purchase struct {
	Accept    string `parquet:"Accept"`
	Host      string `parquet:"Host"`
	UserAgent string `parquet:"User-Agent"`
	EventType string `parquet:"event_type"`
	Timestamp string `parquet:"timestamp"`
}

func purchases(n int, host string, start time.Time) []purchase {
	rows := make([]purchase, n)
	for i := range rows {
		rows[i] = purchase{Accept: "*/*", Host: host, UserAgent: "ApacheBench/2.3", EventType: "purchase_sword",
			Timestamp: start.Add(time.Duration(i) * 3 * time.Millisecond).Format("2006-01-02 15:04:05.000")}
	}
	return rows
}

// writeParquet writes rows to dir/name through a hidden temporary file, as a job commits.
func writeParquet[T any](t testing.TB, dir, name string, rows []T) {
	t.Helper()
	require.NoError(t, os.MkdirAll(dir, 0o755))
	tmp := filepath.Join(dir, "."+name+".tmp")
	require.NoError(t, parquet.WriteFile(tmp, rows))
	require.NoError(t, os.Rename(tmp, filepath.Join(dir, name)))
}

// classColumns is the DDL of the class: Hive's User_Agent is not the files' User-Agent.
var classColumns = []presto.Column{
	{Name: "Accept", Type: "string"}, {Name: "Host", Type: "string"}, {Name: "User_Agent", Type: "string"},
	{Name: "event_type", Type: "string"}, {Name: "timestamp", Type: "string"},
}

// start runs a server over a fresh catalog and warehouse directory.
func start(t *testing.T, opts ...presto.Option) (*presto.Server, *presto.MemCatalog, string) {
	t.Helper()
	cat := presto.NewMemCatalog()
	wh := t.TempDir()
	srv, err := presto.Start(cat, append([]presto.Option{presto.WithWarehouse(wh)}, opts...)...)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, srv.Close()) })
	return srv, cat, wh
}

// result is a query's answer as the client got it.
type result struct {
	ID      string
	Columns []string
	Types   []string
	Rows    [][]any
}

func session(t testing.TB, url string) *client.Session {
	t.Helper()
	c, err := client.NewClient(url)
	require.NoError(t, err)
	return c.NewSession().Catalog("hive").Schema("default").User("lab")
}

// run runs sql through presto-go-client and collects every page.
func run(ctx context.Context, s *client.Session, sql string) (result, error) {
	var res result
	qr, _, err := s.Query(ctx, sql)
	if err != nil {
		return res, err
	}
	res.ID = qr.Id
	err = qr.Drain(ctx, func(qr *client.QueryResults) error {
		if res.Columns == nil && len(qr.Columns) > 0 {
			for _, c := range qr.Columns {
				res.Columns = append(res.Columns, c.Name)
				res.Types = append(res.Types, c.Type)
			}
		}
		for _, raw := range qr.Data {
			var row []any
			if err := json.Unmarshal(raw, &row); err != nil {
				return fmt.Errorf("decode row: %w", err)
			}
			res.Rows = append(res.Rows, row)
		}
		return nil
	})
	if res.Columns == nil && len(qr.Columns) > 0 {
		for _, c := range qr.Columns {
			res.Columns = append(res.Columns, c.Name)
			res.Types = append(res.Types, c.Type)
		}
	}
	return res, err
}

func mustRun(t *testing.T, s *client.Session, sql string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := run(ctx, s, sql)
	require.NoError(t, err, sql)
	return res
}
