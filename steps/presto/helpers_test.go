package presto_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/classdata"
	"github.com/fullstack-lab/fullstack-lab/steps/presto"
)

func TestMain(m *testing.M) { harness.Main(m) }

// purchasesTable writes the class's 20 sword purchases as filtered_writes.py
// leaves them and registers the table write_hive_table.py registers (a
// fixture: the presto step is graded without the extract step's code). It
// returns the table's name.
func purchasesTable(t *testing.T, s *harness.Stack) string {
	t.Helper()
	fsys, c := s.WarehouseFS(t), s.MetastoreClient(t)
	dir := s.Path("/tmp/purchases")
	require.NoError(t, classdata.WritePurchases(fsys, dir, classdata.Purchases()))
	table := s.Name("purchases")
	require.NoError(t, c.CreateTable(classdata.PurchasesTable("default", table, fsys.URI(dir))))
	t.Cleanup(func() { c.DropTable("default", table) })
	return table
}

// connect is the class's `presto --server presto:8080 --catalog hive --schema default`.
func connect(t testing.TB, s *harness.Stack) *presto.Client {
	t.Helper()
	require.NotEmpty(t, s.Presto, "the stack has no Presto")
	c, err := presto.Connect(presto.Config{Server: s.Presto, Catalog: "hive", Schema: "default", User: "lab"})
	require.NoError(t, err)
	return c
}

func query(t *testing.T, c *presto.Client, sql string) presto.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res, err := c.Query(ctx, sql)
	require.NoError(t, err, sql)
	return res
}
