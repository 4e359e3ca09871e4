// Package stream is the class's Spark Structured Streaming jobs in Go: micro-batches of sword purchases from Kafka to the console or to Parquet files, checkpointed so that a restart or a kill -9 loses nothing and writes nothing twice.
package stream
