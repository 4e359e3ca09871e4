package extract

import (
	"context"
	"errors"
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
	db = dbOrDefault(db)
	if err := c.CreateTable(HiveTable(db, name, out)); err != nil {
		return fmt.Errorf("register %s.%s: %w", db, name, err)
	}
	return nil
}

// CheckTable tells, before anything is written, whether db.name can be
// registered: its database must exist and, unless replace, the table must
// not (an error matching hms.ErrAlreadyExists). Checking first means a run
// that could not register its table leaves the files as they were.
func CheckTable(c *hms.Client, db, name string, replace bool) error {
	db = dbOrDefault(db)
	if _, err := c.Database(db); err != nil {
		return fmt.Errorf("register %s.%s: %w", db, name, err)
	}
	_, err := c.Table(db, name)
	switch {
	case err == nil && !replace:
		return fmt.Errorf("register %s.%s: table %w", db, name, hms.ErrAlreadyExists)
	case err == nil, errors.Is(err, hms.ErrNotFound):
		return nil
	}
	return fmt.Errorf("register %s.%s: %w", db, name, err)
}

// Replace registers db.name over out as Register does; an existing table's
// definition is replaced by the new one (columns, location, properties) in
// one step (alter_table), so readers see the old table or the new one, never
// none. The files of the old location are kept: the table is external. A
// real metastore refuses a column type change it deems incompatible
// (hive.metastore.disallow.incompatible.col.type.changes, string to bigint).
func Replace(c *hms.Client, db, name string, out Output) error {
	db = dbOrDefault(db)
	old, err := c.Table(db, name)
	if errors.Is(err, hms.ErrNotFound) {
		return Register(c, db, name, out)
	}
	if err != nil {
		return fmt.Errorf("replace %s.%s: %w", db, name, err)
	}
	t := HiveTable(db, name, out)
	t.Created = old.Created
	if err := c.AlterTable(db, name, t); err != nil {
		return fmt.Errorf("replace %s.%s: %w", db, name, err)
	}
	return nil
}

func dbOrDefault(db string) string {
	if db == "" {
		return hms.DefaultDatabase
	}
	return db
}

// Registration is the table a run registers over its output.
type Registration struct {
	Metastore *hms.Client
	// DB is the table's database (default "default").
	DB, Table string
	// Replace replaces an existing table's definition (see Replace); without
	// it, an existing table fails the run before anything is written.
	Replace bool
}

// RunRegistered is write_hive_table.py: Run, then the external table over
// the output. The table is checked first (CheckTable), so a run whose table
// cannot be registered writes nothing: with Mode Overwrite, the old files stay.
func RunRegistered(ctx context.Context, cfg Config, reg Registration) (Result, error) {
	if cfg.Split {
		return Result{Skipped: Skipped{}}, errors.New("register: a table takes one output, not Split's")
	}
	if err := CheckTable(reg.Metastore, reg.DB, reg.Table, reg.Replace); err != nil {
		return Result{Skipped: Skipped{}}, err
	}
	res, err := Run(ctx, cfg)
	if err != nil {
		return res, err
	}
	if reg.Replace {
		return res, Replace(reg.Metastore, reg.DB, reg.Table, res.Outputs[0])
	}
	return res, Register(reg.Metastore, reg.DB, reg.Table, res.Outputs[0])
}
