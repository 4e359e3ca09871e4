package presto_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/classdata"
	"github.com/fullstack-lab/fullstack-lab/harness/hms"
	"github.com/fullstack-lab/fullstack-lab/steps/presto"
)

// benchRows is the size of the benchmarks' purchases table.
const benchRows = 1_000_000

// benchHosts is how many distinct hosts the rows have (the group-by's groups).
const benchHosts = 10

type benchPurchase struct {
	Accept    string `parquet:"Accept"`
	Host      string `parquet:"Host"`
	UserAgent string `parquet:"User-Agent"`
	EventType string `parquet:"event_type"`
	Timestamp string `parquet:"timestamp"`
}

// bigTable writes benchRows purchases as 4 snappy Parquet files on the
// stack's warehouse and registers them as a table; it returns its name.
func bigTable(b *testing.B, s *harness.Stack) string {
	b.Helper()
	fsys, c := s.WarehouseFS(b), s.MetastoreClient(b)
	dir := s.Path("/tmp/bench_purchases")
	const files = 4
	for f := range files {
		rows := make([]benchPurchase, benchRows/files)
		for i := range rows {
			n := f*len(rows) + i
			rows[i] = benchPurchase{Accept: "*/*", Host: fmt.Sprintf("user%d.comcast.com", n%benchHosts),
				UserAgent: "ApacheBench/2.3", EventType: "purchase_sword",
				Timestamp: classdata.T0.Add(time.Duration(n) * time.Millisecond).Format("2006-01-02 15:04:05.000")}
		}
		w, err := fsys.Create(path.Join(dir, fmt.Sprintf("part-%05d.snappy.parquet", f)))
		require.NoError(b, err)
		require.NoError(b, parquet.Write(w, rows, parquet.Compression(&parquet.Snappy)))
		require.NoError(b, w.Close())
	}
	table := s.Name("bench_purchases")
	cols := []hms.Column{{Name: "accept", Type: "string"}, {Name: "host", Type: "string"},
		{Name: "user-agent", Type: "string"}, {Name: "event_type", Type: "string"}, {Name: "timestamp", Type: "string"}}
	require.NoError(b, c.CreateTable(hms.Table{DB: "default", Name: table, Location: fsys.URI(dir), Columns: cols}))
	b.Cleanup(func() {
		c.DropTable("default", table)
		fsys.RemoveAll(dir)
	})
	return table
}

func benchQuery(b *testing.B, sql string, check func(presto.Result)) {
	s := harness.Start(b)
	table := bigTable(b, s)
	c := connect(b, s)
	sql = fmt.Sprintf(sql, table)
	ctx := context.Background()
	res, err := c.Query(ctx, sql) // warm: the first query reads the files' footers
	require.NoError(b, err)
	check(res)
	b.ResetTimer()
	for b.Loop() {
		if _, err := c.Query(ctx, sql); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkPrestoCount is `select count(*)` over 1,000,000 rows.
func BenchmarkPrestoCount(b *testing.B) {
	benchQuery(b, "select count(*) from %s", func(res presto.Result) {
		require.Equal(b, [][]any{{json.Number(fmt.Sprint(benchRows))}}, res.Rows)
	})
}

// BenchmarkPrestoGroupBy is `select host, count(*) ... group by host` over 1,000,000 rows.
func BenchmarkPrestoGroupBy(b *testing.B) {
	benchQuery(b, "select host, count(*) from %s group by host", func(res presto.Result) {
		require.Len(b, res.Rows, benchHosts)
		for _, r := range res.Rows {
			require.Equal(b, json.Number(fmt.Sprint(benchRows/benchHosts)), r[1])
		}
	})
}
