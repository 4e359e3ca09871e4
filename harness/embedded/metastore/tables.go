package metastore

import (
	"context"
	"errors"
	"maps"
	"strconv"
	"time"

	"github.com/beltran/gohive/hive_metastore"
)

func qualified(db, table string) string { return "hive." + db + "." + table }

func (h *handler) GetAllTables(ctx context.Context, db string) ([]string, error) {
	return h.GetTables(ctx, db, "*")
}

func (h *handler) GetTables(_ context.Context, db, pattern string) (out []string, err error) {
	db = norm(db)
	match := matcher(pattern)
	h.store.view(func(c *catalog) {
		if _, ok := c.Databases[db]; !ok {
			err = noSuch("Database " + db + " does not exist")
			return
		}
		for _, name := range sortedKeys(c.Tables[db]) {
			if match(name) {
				out = append(out, name)
			}
		}
	})
	if out == nil && err == nil {
		out = []string{}
	}
	return out, err
}

func (h *handler) lookup(db, name string) (t *hive_metastore.Table, err error) {
	db, name = norm(db), norm(name)
	h.store.view(func(c *catalog) { t = c.Tables[db][name] })
	if t == nil {
		return nil, noSuch(qualified(db, name) + " table not found")
	}
	return t, nil
}

func (h *handler) GetTable(_ context.Context, db, name string) (*hive_metastore.Table, error) {
	return h.lookup(db, name)
}

func (h *handler) GetTableReq(_ context.Context, req *hive_metastore.GetTableRequest) (*hive_metastore.GetTableResult_, error) {
	if req == nil {
		return nil, metaErr("get_table_req: request is required")
	}
	t, err := h.lookup(req.DbName, req.TblName)
	if err != nil {
		return nil, err
	}
	return &hive_metastore.GetTableResult_{Table: t}, nil
}

func (h *handler) GetTableObjectsByName(_ context.Context, db string, names []string) ([]*hive_metastore.Table, error) {
	out := []*hive_metastore.Table{}
	for _, n := range names {
		if t, err := h.lookup(db, n); err == nil {
			out = append(out, t)
		}
	}
	return out, nil
}

func (h *handler) GetTableObjectsByNameReq(ctx context.Context, req *hive_metastore.GetTablesRequest) (*hive_metastore.GetTablesResult_, error) {
	if req == nil {
		return nil, metaErr("get_table_objects_by_name_req: request is required")
	}
	ts, err := h.GetTableObjectsByName(ctx, req.DbName, req.TblNames)
	return &hive_metastore.GetTablesResult_{Tables: ts}, err
}

func (h *handler) GetFields(_ context.Context, db, name string) ([]*hive_metastore.FieldSchema, error) {
	t, err := h.lookup(db, name)
	if err != nil {
		return nil, err
	}
	return t.Sd.Cols, nil
}

func (h *handler) GetSchema(_ context.Context, db, name string) ([]*hive_metastore.FieldSchema, error) {
	t, err := h.lookup(db, name)
	if err != nil {
		return nil, err
	}
	return append(append([]*hive_metastore.FieldSchema{}, t.Sd.Cols...), t.PartitionKeys...), nil
}

// prepare validates a table sent by a client and returns the copy to keep:
// names in lower case, a location, a creation time.
func (h *handler) prepare(c *catalog, t *hive_metastore.Table) (*hive_metastore.Table, error) {
	if t == nil {
		return nil, invalidObject("table is required")
	}
	if t.Sd == nil {
		return nil, invalidObject("table has no storage descriptor")
	}
	nt := *t
	nt.DbName, nt.TableName = norm(t.DbName), norm(t.TableName)
	if !validName.MatchString(nt.TableName) {
		return nil, invalidObject(t.TableName + " is not a valid object name")
	}
	db, ok := c.Databases[nt.DbName]
	if !ok {
		return nil, noSuch("Database " + nt.DbName + " does not exist")
	}
	sd := *t.Sd
	sd.Cols = lowerFields(sd.Cols)
	seen := map[string]bool{}
	for _, f := range append(append([]*hive_metastore.FieldSchema{}, sd.Cols...), lowerFields(t.PartitionKeys)...) {
		if f.Name == "" || f.Type == "" {
			return nil, invalidObject("column of table " + qualified(nt.DbName, nt.TableName) + " has no name or type")
		}
		if seen[f.Name] {
			return nil, invalidObject("Duplicate column name " + f.Name + " in table " + qualified(nt.DbName, nt.TableName))
		}
		seen[f.Name] = true
	}
	if sd.Location == "" {
		sd.Location = db.LocationUri + "/" + nt.TableName
	}
	var aliased bool
	if sd.Location, aliased = h.location(sd.Location); aliased {
		if err := makeDir(sd.Location); err != nil {
			return nil, err
		}
	}
	nt.Sd = &sd
	nt.PartitionKeys = lowerFields(t.PartitionKeys)
	nt.Parameters = maps.Clone(t.Parameters)
	if nt.Parameters == nil {
		nt.Parameters = map[string]string{}
	}
	if !validPrincipal(nt.OwnerType) {
		nt.OwnerType = hive_metastore.Table_OwnerType_DEFAULT // Thrift's default, for a value out of range
	}
	now := time.Now().Unix()
	if nt.CreateTime == 0 {
		nt.CreateTime = int32(now)
	}
	nt.Parameters["transient_lastDdlTime"] = strconv.FormatInt(now, 10)
	if nt.TableType == "" {
		nt.TableType = "MANAGED_TABLE"
	}
	return &nt, nil
}

func lowerFields(fs []*hive_metastore.FieldSchema) []*hive_metastore.FieldSchema {
	out := make([]*hive_metastore.FieldSchema, 0, len(fs))
	for _, f := range fs {
		if f != nil {
			out = append(out, &hive_metastore.FieldSchema{Name: norm(f.Name), Type: f.Type, Comment: f.Comment})
		}
	}
	return out
}

func (h *handler) CreateTable(_ context.Context, t *hive_metastore.Table) error {
	return h.store.update(func(c *tx) error {
		nt, err := h.prepare(c.catalog, t)
		if err != nil {
			return err
		}
		if _, ok := c.Tables[nt.DbName][nt.TableName]; ok {
			return exists("Table " + qualified(nt.DbName, nt.TableName) + " already exists")
		}
		c.putTable(nt)
		return nil
	})
}

func (h *handler) CreateTableWithEnvironmentContext(ctx context.Context, t *hive_metastore.Table, _ *hive_metastore.EnvironmentContext) error {
	return h.CreateTable(ctx, t)
}

func (h *handler) CreateTableReq(ctx context.Context, req *hive_metastore.CreateTableRequest) error {
	if req == nil {
		return invalidObject("create_table_req: request is required")
	}
	return h.CreateTable(ctx, req.Table)
}

// AlterTable replaces table db.name with t, renaming it when t names another table.
func (h *handler) AlterTable(_ context.Context, db, name string, t *hive_metastore.Table) error {
	db, name = norm(db), norm(name)
	return h.store.update(func(c *tx) error {
		old, ok := c.Tables[db][name]
		if !ok {
			return invalidOperation("alter is not possible: table " + qualified(db, name) + " does not exist")
		}
		nt, err := h.prepare(c.catalog, t)
		if err != nil {
			return asInvalidOperation(err)
		}
		if (nt.DbName != db || nt.TableName != name) && c.Tables[nt.DbName][nt.TableName] != nil {
			return invalidOperation("new table " + qualified(nt.DbName, nt.TableName) + " already exists")
		}
		nt.CreateTime = old.CreateTime
		c.dropTable(db, name)
		c.putTable(nt)
		return nil
	})
}

// asInvalidOperation turns prepare's exceptions into the one alter_table
// declares (with MetaException): another would reach the client as an
// application error instead of the metastore's message.
func asInvalidOperation(err error) error {
	var io *hive_metastore.InvalidObjectException
	var nso *hive_metastore.NoSuchObjectException
	switch {
	case errors.As(err, &io):
		return invalidOperation(io.Message)
	case errors.As(err, &nso):
		return invalidOperation(nso.Message)
	}
	return err
}

func (h *handler) AlterTableWithEnvironmentContext(ctx context.Context, db, name string, t *hive_metastore.Table, _ *hive_metastore.EnvironmentContext) error {
	return h.AlterTable(ctx, db, name, t)
}

func (h *handler) AlterTableReq(ctx context.Context, req *hive_metastore.AlterTableRequest) (*hive_metastore.AlterTableResponse, error) {
	if req == nil {
		return nil, invalidOperation("alter_table_req: request is required")
	}
	if err := h.AlterTable(ctx, req.DbName, req.TableName, req.Table); err != nil {
		return nil, err
	}
	return &hive_metastore.AlterTableResponse{}, nil
}

// DropTable removes the table from the catalog. Files are never deleted:
// this metastore treats every table as external.
func (h *handler) DropTable(_ context.Context, db, name string, deleteData bool) error {
	db, name = norm(db), norm(name)
	return h.store.update(func(c *tx) error {
		if _, ok := c.Tables[db][name]; !ok {
			return noSuch(qualified(db, name) + " table not found")
		}
		c.dropTable(db, name)
		return nil
	})
}

func (h *handler) DropTableWithEnvironmentContext(ctx context.Context, db, name string, deleteData bool, _ *hive_metastore.EnvironmentContext) error {
	return h.DropTable(ctx, db, name, deleteData)
}

// GetPartitionNames lists no partitions: none are ever added here.
func (h *handler) GetPartitionNames(_ context.Context, db, name string, _ int16) ([]string, error) {
	if _, err := h.lookup(db, name); err != nil {
		return nil, err
	}
	return []string{}, nil
}

// GetPartitions lists no partitions: none are ever added here.
func (h *handler) GetPartitions(_ context.Context, db, name string, _ int16) ([]*hive_metastore.Partition, error) {
	if _, err := h.lookup(db, name); err != nil {
		return nil, err
	}
	return []*hive_metastore.Partition{}, nil
}

// validPrincipal reports whether p is one of the enum's values (encoding/json
// writes any other as "<UNSET>" and cannot read that back).
func validPrincipal(p hive_metastore.PrincipalType) bool {
	_, err := hive_metastore.PrincipalTypeFromString(p.String())
	return err == nil
}
