// Package presto is the class's Presto CLI (presto --server --catalog hive --schema default): SQL through presto-go-client, printed as the CLI prints it.
package presto
