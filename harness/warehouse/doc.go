// Package warehouse is the stack's warehouse filesystem: HDFS, or a local directory that stands in for it.
package warehouse
