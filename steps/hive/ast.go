package hive

import "github.com/fullstack-lab/fullstack-lab/harness/hms"

// Statement is one parsed HiveQL statement.
type Statement interface{ stmt() }

// CreateDatabase is CREATE DATABASE [IF NOT EXISTS] name [COMMENT '...'] [LOCATION '...'].
type CreateDatabase struct {
	Name        string
	IfNotExists bool
	Comment     string
	Location    string
}

// CreateTable is CREATE [EXTERNAL] TABLE [IF NOT EXISTS] [db.]name (cols) ... STORED AS PARQUET LOCATION '...'.
type CreateTable struct {
	DB, Name    string
	IfNotExists bool
	External    bool
	Columns     []hms.Column
	Partitions  []hms.Column
	Comment     string
	Location    string
	Properties  map[string]string
}

// DropTable is DROP TABLE [IF EXISTS] [db.]name.
type DropTable struct {
	DB, Name string
	IfExists bool
}

// ShowDatabases is SHOW DATABASES (or SCHEMAS).
type ShowDatabases struct{}

// ShowTables is SHOW TABLES [IN db].
type ShowTables struct{ DB string }

// Describe is DESCRIBE [FORMATTED] [db.]name.
type Describe struct {
	DB, Name  string
	Formatted bool
}

// Use is USE db.
type Use struct{ DB string }

func (CreateDatabase) stmt() {}
func (CreateTable) stmt()    {}
func (DropTable) stmt()      {}
func (ShowDatabases) stmt()  {}
func (ShowTables) stmt()     {}
func (Describe) stmt()       {}
func (Use) stmt()            {}
