// Package metastore is an in-process Hive Metastore: a Thrift server speaking the metastore's protocol, its catalog kept as JSON on disk.
package metastore
