// Package presto is an in-process Presto coordinator: it speaks Presto's client REST protocol and runs the SQL with DuckDB over the Parquet files of the metastore's tables.
package presto
