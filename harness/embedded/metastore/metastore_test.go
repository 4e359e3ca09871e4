package metastore_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/apache/thrift/lib/go/thrift"
	"github.com/beltran/gohive/hive_metastore"
	"github.com/fullstack-lab/fullstack-lab/harness/embedded/metastore"
	"github.com/fullstack-lab/fullstack-lab/harness/hms"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func start(t *testing.T, dir string) *metastore.Server {
	t.Helper()
	s, err := metastore.Start(dir, metastore.WithWarehouse("file:///wh"))
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

func dial(t *testing.T, addr string) *hms.Client {
	t.Helper()
	c, err := hms.Dial(addr)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	return c
}

var purchases = hms.Table{
	DB: "default", Name: "Purchases", Location: "file:///wh/tmp/purchases",
	Columns:    []hms.Column{{Name: "Accept", Type: "string"}, {Name: "user-agent", Type: "string"}},
	Properties: map[string]string{"parquet.compress": "SNAPPY"},
}

func TestDefaultDatabase(t *testing.T) {
	c := dial(t, start(t, t.TempDir()).Addr())
	d, err := c.Database("DEFAULT")
	require.NoError(t, err)
	assert.Equal(t, "default", d.Name)
	assert.Equal(t, "file:///wh/user/hive/warehouse", d.Location)
}

func TestNamesAreLowerCase(t *testing.T) {
	c := dial(t, start(t, t.TempDir()).Addr())
	require.NoError(t, c.CreateTable(purchases))
	tables, err := c.Tables("default")
	require.NoError(t, err)
	assert.Equal(t, []string{"purchases"}, tables)
	got, err := c.Table("default", "PURCHASES")
	require.NoError(t, err)
	assert.Equal(t, []hms.Column{{Name: "accept", Type: "string"}, {Name: "user-agent", Type: "string"}}, got.Columns)
}

func TestRestartKeepsCatalog(t *testing.T) {
	dir := t.TempDir()
	srv := start(t, dir)
	c := dial(t, srv.Addr())
	require.NoError(t, c.CreateDatabase(hms.Database{Name: "lab"}))
	require.NoError(t, c.CreateTable(purchases))
	addr := srv.Addr()

	require.NoError(t, srv.Restart())
	assert.Equal(t, addr, srv.Addr())
	// The client's connection was cut; it reconnects on its own.
	got, err := c.Table("default", "purchases")
	require.NoError(t, err)
	assert.Equal(t, "file:///wh/tmp/purchases", got.Location)
	dbs, err := c.Databases()
	require.NoError(t, err)
	assert.Equal(t, []string{"default", "lab"}, dbs)

	// A new server on the same directory sees the same catalog.
	require.NoError(t, srv.Close())
	other := start(t, dir)
	tables, err := dial(t, other.Addr()).Tables("default")
	require.NoError(t, err)
	assert.Equal(t, []string{"purchases"}, tables)
	assert.FileExists(t, filepath.Join(dir, metastore.CatalogFile))
}

func TestCorruptCatalogIsAnError(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, metastore.CatalogFile), []byte("{not json"), 0o644))
	_, err := metastore.Start(dir)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "read metastore catalog "+filepath.Join(dir, metastore.CatalogFile))
}

func TestUnknownCallIsAnApplicationError(t *testing.T) {
	srv := start(t, t.TempDir())
	ms := metastore.RawClient(t, srv.Addr())
	ctx := context.Background()

	_, err := ms.GetMetaConf(ctx, "hive.metastore.warehouse.dir")
	var ae thrift.TApplicationException
	require.True(t, errors.As(err, &ae), "got %T %v", err, err)
	assert.Equal(t, int32(thrift.UNKNOWN_METHOD), ae.TypeId())
	assert.Equal(t, "Unknown function getMetaConf", ae.Error())

	_, err = ms.GetCatalogs(ctx)
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "Unknown function get_catalogs", ae.Error())

	// The same connection keeps serving.
	dbs, err := ms.GetAllDatabases(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{"default"}, dbs)
	groups, err := ms.SetUgi(ctx, "science", []string{"science"})
	require.NoError(t, err)
	assert.Equal(t, []string{"science"}, groups)
}

func TestPatternsAndMissingObjects(t *testing.T) {
	srv := start(t, t.TempDir())
	ms := metastore.RawClient(t, srv.Addr())
	ctx := context.Background()
	c := dial(t, srv.Addr())
	for _, n := range []string{"purchases", "sword_purchases", "events"} {
		tbl := purchases
		tbl.Name = n
		require.NoError(t, c.CreateTable(tbl))
	}
	got, err := ms.GetTables(ctx, "default", "*purchases|ev*")
	require.NoError(t, err)
	assert.Equal(t, []string{"events", "purchases", "sword_purchases"}, got)
	got, err = ms.GetTables(ctx, "default", "sword*")
	require.NoError(t, err)
	assert.Equal(t, []string{"sword_purchases"}, got)

	_, err = ms.GetTable(ctx, "default", "nope")
	var nso *hive_metastore.NoSuchObjectException
	require.ErrorAs(t, err, &nso)
	assert.Equal(t, "hive.default.nope table not found", nso.Message)

	objs, err := ms.GetTableObjectsByName(ctx, "default", []string{"events", "nope"})
	require.NoError(t, err)
	require.Len(t, objs, 1)
	assert.Equal(t, "events", objs[0].TableName)

	fields, err := ms.GetFields(ctx, "default", "events")
	require.NoError(t, err)
	assert.Len(t, fields, 2)
	parts, err := ms.GetPartitionNames(ctx, "default", "events", -1)
	require.NoError(t, err)
	assert.Empty(t, parts)

	err = c.DropDatabase("default", true)
	require.ErrorIs(t, err, hms.ErrInvalid)
	assert.EqualError(t, err, "drop database default: Can not drop default database")

	bad := purchases
	bad.Name = "bad-name"
	err = c.CreateTable(bad)
	require.ErrorIs(t, err, hms.ErrInvalid)
	assert.EqualError(t, err, "create table default.bad-name: bad-name is not a valid object name")
}

func TestConcurrentClients(t *testing.T) {
	srv := start(t, t.TempDir())
	c := dial(t, srv.Addr())
	var wg sync.WaitGroup
	errs := make(chan error, 4*10*2) // every send of every goroutine: a full channel would block them
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			own, err := hms.Dial(srv.Addr())
			if err != nil {
				errs <- err
				return
			}
			defer own.Close()
			for j := range 10 {
				tbl := purchases
				tbl.Name = "t" + string(rune('a'+i)) + string(rune('a'+j))
				errs <- own.CreateTable(tbl)
				_, err := c.Tables("default") // the shared client, from several goroutines
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	tables, err := c.Tables("default")
	require.NoError(t, err)
	assert.Len(t, tables, 40)
}

// A table a Spark job creates through lab spark-submit's viewfs mount table is
// recorded at the warehouse's own URI, its directory made as Hive makes it.
func TestLocationAlias(t *testing.T) {
	wh := t.TempDir()
	s, err := metastore.Start(t.TempDir(), metastore.WithWarehouse("file://"+wh),
		metastore.WithLocationAlias("viewfs://lab/", "file://"+wh+"/"))
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	c := dial(t, s.Addr())
	spark := purchases
	spark.Location = "viewfs://lab/tmp/purchases"
	require.NoError(t, c.CreateTable(spark))
	got, err := c.Table("default", "purchases")
	require.NoError(t, err)
	assert.Equal(t, "file://"+wh+"/tmp/purchases", got.Location)
	assert.DirExists(t, filepath.Join(wh, "tmp", "purchases"))

	other := purchases
	other.Name, other.Location = "other", "file://"+wh+"/tmp/other"
	require.NoError(t, c.CreateTable(other))
	assert.NoDirExists(t, filepath.Join(wh, "tmp", "other"), "other locations are recorded as given")
}
