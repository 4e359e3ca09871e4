package hms_test

import (
	"errors"
	"os/user"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/hms"
)

func TestDefaultDatabaseExists(t *testing.T) {
	c := harness.Start(t).MetastoreClient(t)
	dbs, err := c.Databases()
	require.NoError(t, err)
	assert.Contains(t, dbs, "default")
	d, err := c.Database("default")
	require.NoError(t, err)
	assert.Equal(t, "default", d.Name)
	require.NoError(t, c.Ping())
}

func TestCreateGetDropTable(t *testing.T) {
	s := harness.Start(t)
	c := s.MetastoreClient(t)
	name := s.Name("purchases")
	want := hms.Table{
		DB:       "default",
		Name:     name,
		Location: s.Warehouse + s.Path("/tmp/purchases"),
		Columns: []hms.Column{
			{Name: "accept", Type: "string"},
			{Name: "user-agent", Type: "string", Comment: "the client"},
			{Name: "price", Type: "decimal(10,2)"},
		},
		PartitionKeys: []hms.Column{{Name: "dt", Type: "string"}},
		Properties:    map[string]string{"parquet.compress": "SNAPPY"},
	}
	require.NoError(t, c.CreateTable(want))
	t.Cleanup(func() { c.DropTable("default", name) })

	got, err := c.Table("default", name)
	require.NoError(t, err)
	assert.Equal(t, "default", got.DB)
	assert.Equal(t, name, got.Name)
	assert.Equal(t, want.Location, got.Location)
	assert.Equal(t, want.Columns, got.Columns)
	assert.Equal(t, want.PartitionKeys, got.PartitionKeys)
	assert.Equal(t, "SNAPPY", got.Properties["parquet.compress"])
	assert.Equal(t, "TRUE", got.Properties["EXTERNAL"])
	assert.Equal(t, hms.ExternalTable, got.TableType)
	assert.True(t, got.IsParquet())
	assert.True(t, got.IsExternal())
	assert.Equal(t, hms.ParquetSerDe, got.SerDe)
	assert.False(t, got.Created.IsZero())
	col, ok := got.Column("User-Agent")
	assert.True(t, ok)
	assert.Equal(t, "the client", col.Comment)

	tables, err := c.Tables("default")
	require.NoError(t, err)
	assert.Contains(t, tables, name)

	err = c.CreateTable(want)
	require.ErrorIs(t, err, hms.ErrAlreadyExists)
	var me *hms.Error
	require.True(t, errors.As(err, &me))
	assert.Equal(t, "create table default."+name, me.Op)

	require.NoError(t, c.DropTable("default", name))
	_, err = c.Table("default", name)
	require.ErrorIs(t, err, hms.ErrNotFound)
	require.ErrorIs(t, c.DropTable("default", name), hms.ErrNotFound)
}

func TestAlterTableReplacesDefinition(t *testing.T) {
	s := harness.Start(t)
	c := s.MetastoreClient(t)
	name := s.Name("events")
	tbl := hms.Table{DB: "default", Name: name, Location: s.Warehouse + s.Path("/tmp/a"),
		Columns: []hms.Column{{Name: "a", Type: "string"}}}
	require.NoError(t, c.CreateTable(tbl))
	t.Cleanup(func() { c.DropTable("default", name) })
	tbl.Location = s.Warehouse + s.Path("/tmp/b")
	tbl.Columns = append(tbl.Columns, hms.Column{Name: "b", Type: "string"})
	require.NoError(t, c.AlterTable("default", name, tbl))
	got, err := c.Table("default", name)
	require.NoError(t, err)
	assert.Equal(t, tbl.Location, got.Location)
	assert.Equal(t, tbl.Columns, got.Columns)
}

func TestCreateDatabase(t *testing.T) {
	s := harness.Start(t)
	c := s.MetastoreClient(t)
	db := s.Name("lab")
	require.NoError(t, c.CreateDatabase(hms.Database{Name: db, Description: "week 13"}))
	t.Cleanup(func() { c.DropDatabase(db, true) })
	require.ErrorIs(t, c.CreateDatabase(hms.Database{Name: db}), hms.ErrAlreadyExists)
	d, err := c.Database(db)
	require.NoError(t, err)
	assert.Equal(t, "week 13", d.Description)
	def, err := c.Database("default")
	require.NoError(t, err)
	assert.Equal(t, def.Location+"/"+db+".db", d.Location, "a database without a location goes under the warehouse, as in Hive")

	require.NoError(t, c.CreateTable(hms.Table{DB: db, Name: "t", Location: s.Warehouse + s.Path("/tmp/t"),
		Columns: []hms.Column{{Name: "x", Type: "int"}}}))
	tables, err := c.Tables(db)
	require.NoError(t, err)
	assert.Equal(t, []string{"t"}, tables)

	_, err = c.Database(s.Name("missing"))
	require.ErrorIs(t, err, hms.ErrNotFound)
	err = c.CreateTable(hms.Table{DB: s.Name("missing"), Name: "t", Location: s.Warehouse + s.Path("/tmp/t"),
		Columns: []hms.Column{{Name: "x", Type: "int"}}})
	require.Error(t, err)
}

func TestClosedClient(t *testing.T) {
	c := harness.Start(t).MetastoreClient(t)
	require.NoError(t, c.Close())
	_, err := c.Databases()
	require.ErrorIs(t, err, hms.ErrClosed)
}

func TestDialErrors(t *testing.T) {
	_, err := hms.Dial("no-port")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `dial metastore "no-port"`)
}

// A table's owner is the client's user: WithUser's, else the current user's.
func TestOwner(t *testing.T) {
	s := harness.Start(t)
	me, err := user.Current()
	require.NoError(t, err)
	for _, tc := range []struct {
		description string
		opts        []hms.Option
		want        string
	}{
		{"default", nil, me.Username},
		{"WithUser", []hms.Option{hms.WithUser("alice")}, "alice"},
	} {
		t.Run(tc.description, func(t *testing.T) {
			c, err := hms.Dial(s.Metastore, tc.opts...)
			require.NoError(t, err)
			t.Cleanup(func() { c.Close() })
			name := s.Name("owned")
			require.NoError(t, c.CreateTable(hms.Table{DB: "default", Name: name, Location: s.Warehouse + s.Path("/tmp/owned"),
				Columns: []hms.Column{{Name: "a", Type: "string"}}}))
			t.Cleanup(func() { c.DropTable("default", name) })
			got, err := c.Table("default", name)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got.Owner)
		})
	}
}
