package hms

import (
	"maps"
	"sort"
	"time"

	"github.com/beltran/gohive/hive_metastore"
)

// Tables lists the tables of database db, sorted (get_all_tables).
func (c *Client) Tables(db string) ([]string, error) {
	var names []string
	err := c.call("list tables of "+db, func(ms *hive_metastore.ThriftHiveMetastoreClient) (err error) {
		names, err = ms.GetAllTables(bg(), db)
		return err
	})
	sort.Strings(names)
	return names, err
}

// Table returns table db.name: get_table_req (Hive 3 and 4), or get_table
// for a metastore that does not have it.
func (c *Client) Table(db, name string) (Table, error) {
	var t *hive_metastore.Table
	err := c.call("get table "+db+"."+name, func(ms *hive_metastore.ThriftHiveMetastoreClient) error {
		if !c.noTableReq {
			req := hive_metastore.NewGetTableRequest()
			req.DbName, req.TblName = db, name
			res, err := ms.GetTableReq(bg(), req)
			if err == nil {
				t = res.Table
				return nil
			}
			if !unknownMethod(err) {
				return err
			}
			c.noTableReq = true
		}
		var err error
		t, err = ms.GetTable(bg(), db, name)
		return err
	})
	if err != nil {
		return Table{}, err
	}
	return fromThrift(t), nil
}

// CreateTable creates a table (create_table). Empty TableType means external,
// empty storage means Parquet. An existing table is an error matching ErrAlreadyExists.
func (c *Client) CreateTable(t Table) error {
	tt := c.toThrift(t)
	return c.call("create table "+t.FullName(), func(ms *hive_metastore.ThriftHiveMetastoreClient) error {
		return ms.CreateTable(bg(), tt)
	})
}

// AlterTable replaces the definition of table db.name with t in one step, so
// readers see the old table or the new one, never none (alter_table).
func (c *Client) AlterTable(db, name string, t Table) error {
	tt := c.toThrift(t)
	return c.call("alter table "+db+"."+name, func(ms *hive_metastore.ThriftHiveMetastoreClient) error {
		return ms.AlterTable(bg(), db, name, tt)
	})
}

// DropTable drops table db.name from the metastore and keeps its files
// (drop_table with deleteData=false). A missing table matches ErrNotFound.
func (c *Client) DropTable(db, name string) error {
	return c.call("drop table "+db+"."+name, func(ms *hive_metastore.ThriftHiveMetastoreClient) error {
		return ms.DropTable(bg(), db, name, false)
	})
}

func (c *Client) toThrift(t Table) *hive_metastore.Table {
	tableType := t.TableType
	if tableType == "" {
		tableType = ExternalTable
	}
	in, out, serde := t.InputFormat, t.OutputFormat, t.SerDe
	if in == "" && out == "" && serde == "" {
		in, out, serde = ParquetInputFormat, ParquetOutputFormat, ParquetSerDe
	}
	params := map[string]string{}
	maps.Copy(params, t.Properties)
	if tableType == ExternalTable {
		params["EXTERNAL"] = "TRUE"
	}
	owner := t.Owner
	if owner == "" {
		owner = c.cfg.user
	}
	created := t.Created
	if created.IsZero() {
		created = time.Now()
	}
	return &hive_metastore.Table{
		TableName:  t.Name,
		DbName:     t.DB,
		Owner:      owner,
		OwnerType:  hive_metastore.PrincipalType_USER,
		CreateTime: int32(created.Unix()),
		Sd: &hive_metastore.StorageDescriptor{
			Cols:         fieldSchemas(t.Columns),
			Location:     t.Location,
			InputFormat:  in,
			OutputFormat: out,
			NumBuckets:   -1,
			SerdeInfo: &hive_metastore.SerDeInfo{
				SerializationLib: serde,
				Parameters:       map[string]string{"serialization.format": "1"},
			},
			BucketCols: []string{},
			SortCols:   []*hive_metastore.Order{},
			Parameters: map[string]string{},
		},
		PartitionKeys: fieldSchemas(t.PartitionKeys),
		Parameters:    params,
		TableType:     tableType,
	}
}

func fromThrift(t *hive_metastore.Table) Table {
	out := Table{
		DB:            t.DbName,
		Name:          t.TableName,
		PartitionKeys: columns(t.PartitionKeys),
		Properties:    t.Parameters,
		TableType:     t.TableType,
		Owner:         t.Owner,
	}
	if out.Properties == nil {
		out.Properties = map[string]string{}
	}
	if t.CreateTime > 0 {
		out.Created = time.Unix(int64(t.CreateTime), 0)
	}
	if sd := t.Sd; sd != nil {
		out.Location = sd.Location
		out.Columns = columns(sd.Cols)
		out.InputFormat, out.OutputFormat = sd.InputFormat, sd.OutputFormat
		if sd.SerdeInfo != nil {
			out.SerDe = sd.SerdeInfo.SerializationLib
		}
	}
	return out
}

func fieldSchemas(cols []Column) []*hive_metastore.FieldSchema {
	out := make([]*hive_metastore.FieldSchema, 0, len(cols))
	for _, c := range cols {
		out = append(out, &hive_metastore.FieldSchema{Name: c.Name, Type: c.Type, Comment: c.Comment})
	}
	return out
}

func columns(fs []*hive_metastore.FieldSchema) []Column {
	out := make([]Column, 0, len(fs))
	for _, f := range fs {
		if f != nil {
			out = append(out, Column{Name: f.Name, Type: f.Type, Comment: f.Comment})
		}
	}
	return out
}
