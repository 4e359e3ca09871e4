package extract

import (
	"fmt"

	"github.com/fullstack-lab/fullstack-lab/harness/hms"
)

// HiveType is the Hive column type of t.
func HiveType(t Type) string {
	switch t {
	case LongType:
		return "bigint"
	case DoubleType:
		return "double"
	case BooleanType:
		return "boolean"
	}
	return "string"
}

// HiveTable is the external Parquet table over out, as write_hive_table.py's
// CTAS declares it: the output's columns, its location, snappy compression.
func HiveTable(db, name string, out Output) hms.Table {
	cols := make([]hms.Column, len(out.Schema))
	for i, c := range out.Schema {
		cols[i] = hms.Column{Name: c.Name, Type: HiveType(c.Type)}
	}
	return hms.Table{
		DB:         db,
		Name:       name,
		Location:   out.URI,
		Columns:    cols,
		TableType:  hms.ExternalTable,
		Properties: map[string]string{"EXTERNAL": "TRUE", "parquet.compress": "SNAPPY"},
	}
}

// Register creates the external table db.name over out in the metastore
// (write_hive_table.py's "create external table ... stored as parquet
// location ... as select"). An existing table is an error matching
// hms.ErrAlreadyExists, as Spark's CTAS fails on one.
func Register(c *hms.Client, db, name string, out Output) error {
	if db == "" {
		db = hms.DefaultDatabase
	}
	if err := c.CreateTable(HiveTable(db, name, out)); err != nil {
		return fmt.Errorf("register %s.%s: %w", db, name, err)
	}
	return nil
}
