// Package grade scores the step suite from `go test -json` output: tests passed per step, points, JUnit XML.
package grade
