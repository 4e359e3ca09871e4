// Package bench is Apache Bench (ab) in Go: concurrent HTTP/1.0 requests and ab's report.
package bench
