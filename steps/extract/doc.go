// Package extract is the class's Spark batch jobs in Go: it reads a Kafka topic from the earliest to the latest offsets, keeps the events a predicate picks, flattens them to rows and writes snappy Parquet to the warehouse.
package extract
