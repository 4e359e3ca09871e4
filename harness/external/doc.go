// Package external is the stack backend whose services someone else runs: addresses come from LAB_KAFKA, LAB_WAREHOUSE, LAB_METASTORE and LAB_PRESTO.
package external
