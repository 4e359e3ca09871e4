// Package sparktest runs the class's own PySpark jobs (fixtures/class) with `lab spark-submit` and checks the Go steps against them, row by row (`make test-spark`).
package sparktest
