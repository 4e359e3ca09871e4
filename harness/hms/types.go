package hms

import (
	"strings"
	"time"
)

// Table types, as the metastore records them.
const (
	ExternalTable = "EXTERNAL_TABLE"
	ManagedTable  = "MANAGED_TABLE"
)

// The Parquet storage of a Hive table (what STORED AS PARQUET means).
const (
	ParquetInputFormat  = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat"
	ParquetOutputFormat = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"
	ParquetSerDe        = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
)

// DefaultDatabase is the database every metastore has.
const DefaultDatabase = "default"

// Database is a metastore database.
type Database struct {
	Name        string
	Description string
	// Location is the database's directory URI; empty lets the metastore choose.
	Location   string
	Properties map[string]string
}

// Column is a table column or partition key. Type is Hive's type name in
// lower case: string, bigint, decimal(10,2), ...
type Column struct {
	Name    string
	Type    string
	Comment string
}

// Table is a metastore table: where its files are and how to read them.
type Table struct {
	DB   string
	Name string
	// Location is the table's directory URI (file:///... or hdfs://host:port/...).
	Location      string
	Columns       []Column
	PartitionKeys []Column
	// Properties are the table parameters (TBLPROPERTIES, plus EXTERNAL=TRUE
	// for an external table and whatever the metastore adds).
	Properties map[string]string
	// TableType is ExternalTable or ManagedTable; CreateTable uses ExternalTable when empty.
	TableType string
	// InputFormat, OutputFormat and SerDe are the storage classes; CreateTable
	// uses Parquet's when all three are empty.
	InputFormat  string
	OutputFormat string
	SerDe        string
	Owner        string
	// Created is the creation time the metastore recorded (zero when creating).
	Created time.Time
}

// IsParquet reports whether the table is stored as Parquet.
func (t Table) IsParquet() bool {
	return t.SerDe == ParquetSerDe || t.InputFormat == ParquetInputFormat ||
		strings.Contains(strings.ToLower(t.InputFormat), "parquet")
}

// IsExternal reports whether the table is external: dropping it keeps its files.
func (t Table) IsExternal() bool {
	return t.TableType == ExternalTable || strings.EqualFold(t.Properties["EXTERNAL"], "TRUE")
}

// FullName is db.name.
func (t Table) FullName() string { return t.DB + "." + t.Name }

// Column returns the column (not partition key) called name, compared case-insensitively as Hive does.
func (t Table) Column(name string) (Column, bool) {
	for _, c := range t.Columns {
		if strings.EqualFold(c.Name, name) {
			return c, true
		}
	}
	return Column{}, false
}
