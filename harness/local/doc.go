// Package local is the stack backend that runs the real Apache services (ZooKeeper, Kafka, HDFS, the Hive Metastore, Presto) as processes on this machine.
package local
