// Package hms is a Hive Metastore client over Thrift (TBufferedTransport + TBinaryProtocol), for Hive 2 to 4.
package hms
