// Package external is the stack backend whose services someone else runs, at the addresses of a Config (the lab's flags, or LAB_KAFKA, LAB_WAREHOUSE, LAB_METASTORE and LAB_PRESTO read by FromEnv at the edge).
package external
