// Package classdata writes the class's data for the step tests — its topic's events and the purchases table's Parquet files — without any step's code.
//
// Each step is graded on its own: the hive and presto tests read a purchases
// table written here, not by the student's extract step.
package classdata
