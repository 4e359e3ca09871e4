// Package starter writes a student's starter tree: a copy of the repository in which each marked solution region is a failing stub.
package starter
