// Package embedded runs the lab's stack inside the current process: Kafka, the
// warehouse, the Hive Metastore and Presto, each speaking its real protocol on 127.0.0.1.
package embedded
