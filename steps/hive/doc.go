// Package hive runs HiveQL DDL (schema on read over Parquet) against the Hive Metastore, as the class's hive CLI does.
package hive
