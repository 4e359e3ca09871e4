package main

import (
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// valuedFlags names the root's persistent flags that take a value.
func valuedFlags(root *cobra.Command) map[string]bool {
	m := map[string]bool{}
	root.PersistentFlags().VisitAll(func(f *pflag.Flag) {
		if f.Value.Type() != "bool" {
			m[f.Name] = true
			if f.Shorthand != "" {
				m[f.Shorthand] = true
			}
		}
	})
	return m
}

// hadoopOps are hadoop fs's commands that lab fs has, as hadoop spells them.
var hadoopOps = map[string]string{"-ls": "ls", "-lsr": "ls", "-cat": "cat", "-rm": "rm", "-rmr": "rm",
	"-mkdir": "mkdir", "-put": "put", "-copyFromLocal": "put", "-get": "get", "-copyToLocal": "get"}

// hadoopArgs rewrites hadoop's command lines into lab fs's: `hadoop fs -ls
// /tmp/` and `hdfs dfs -ls /tmp/` become `fs ls /tmp/`, `fs -ls -R` becomes
// `fs ls -R`, and hadoop's long flags with one dash (-skipTrash) get two.
// valued names the root's flags that take a value (--dir X), so that a
// value is not taken for the command.
func hadoopArgs(args []string, valued map[string]bool) []string {
	i := 0
	for i < len(args) && strings.HasPrefix(args[i], "-") {
		if name := strings.TrimLeft(args[i], "-"); valued[name] && !strings.Contains(name, "=") {
			i++
		}
		i++
	}
	if i >= len(args) {
		return args
	}
	out := append([]string(nil), args[:i]...)
	rest := args[i:]
	switch {
	case len(rest) >= 2 && rest[0] == "hadoop" && rest[1] == "fs", len(rest) >= 2 && rest[0] == "hdfs" && rest[1] == "dfs":
		rest = append([]string{"fs"}, rest[2:]...)
	case rest[0] != "fs":
		return args
	}
	out = append(out, "fs")
	for j, a := range rest[1:] {
		if op, ok := hadoopOps[a]; ok && j == firstOp(rest[1:]) {
			out = append(out, op)
			if a == "-lsr" {
				out = append(out, "-R")
			}
			if a == "-rmr" {
				out = append(out, "-r")
			}
			continue
		}
		if a == "-skipTrash" {
			a = "--skipTrash"
		}
		out = append(out, a)
	}
	return out
}

// firstOp is the index of the first argument that is not a flag of the root (the command).
func firstOp(args []string) int {
	for j, a := range args {
		if _, ok := hadoopOps[a]; ok {
			return j
		}
		if !strings.HasPrefix(a, "-") {
			return j
		}
	}
	return -1
}
