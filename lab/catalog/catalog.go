package catalog

import (
	"fmt"
	"strings"
)

// Step is one step of the class.
type Step struct {
	N    int
	Name string
	// Title says what the step does, in the class's words.
	Title string
	// Class is the class's command, Lab the lab's own (markdown, as the README shows them).
	Class, Lab string
	// Packages are the code the step runs: first its graded step package, then
	// what else it shows (harness/hms for the Hive step).
	Packages []string
	// Points are the graded package's points, given on the first step that
	// runs the package (a later step of the same package shows 0).
	Points float64
	// Needs are the steps that must run first (quietly, when the step is run alone).
	Needs []int
	// Uses are the step packages whose code the step runs (serve, extract, ...):
	// an unsolved one keeps the step from running in a student's tree.
	Uses []string
}

var steps = []Step{
	{N: 1, Name: "serve", Title: "the game API logs each request to Kafka",
		Class: "`flask run` (game_api.py)", Lab: "`lab serve`",
		Packages: []string{"steps/serve"}, Points: 10, Uses: []string{"serve"}},
	{N: 2, Name: "bench", Title: "Apache Bench: four runs of 10 requests",
		Class: "`ab -n 10 -H \"Host: user1.comcast.com\" http://localhost:5000/`", Lab: "`lab bench`",
		Packages: []string{"steps/bench"}, Points: 10, Needs: []int{1}, Uses: []string{"bench"}},
	{N: 3, Name: "tail", Title: "kafkacat prints the topic",
		Class: "`kafkacat -C -b kafka:29092 -t events -o beginning`", Lab: "`lab tail`",
		Packages: []string{"steps/tail"}, Points: 10, Needs: []int{2}, Uses: []string{"tail"}},
	{N: 4, Name: "extract", Title: "Spark batch: purchases to Parquet on HDFS",
		Class: "`spark-submit filtered_writes.py`, `hadoop fs -ls`", Lab: "`lab extract`, `lab fs -ls`",
		Packages: []string{"steps/extract"}, Points: 20, Needs: []int{2}, Uses: []string{"extract"}},
	{N: 5, Name: "hive", Title: "Hive: tables over the Parquet files (schema on read)",
		Class: "`hive` DDL, `spark-submit write_hive_table.py`", Lab: "`lab hive`, `lab extract --table`",
		Packages: []string{"steps/hive", "harness/hms"}, Points: 15, Needs: []int{2}, Uses: []string{"extract", "hive"}},
	{N: 6, Name: "presto", Title: "Presto: ad hoc queries of the tables",
		Class: "`presto --server presto:8080 --catalog hive --schema default`", Lab: "`lab presto`",
		Packages: []string{"steps/presto"}, Points: 15, Needs: []int{5}, Uses: []string{"presto"}},
	{N: 7, Name: "explicit", Title: "Spark batch with an explicit schema",
		Class: "`spark-submit filter_swords_batch.py`", Lab: "`lab extract --shape explicit`",
		Packages: []string{"steps/extract"}, Needs: []int{2}, Uses: []string{"extract"}},
	{N: 8, Name: "stream", Title: "Spark streaming to the console",
		Class: "`spark-submit filter_swords_stream.py`", Lab: "`lab stream --sink console`",
		Packages: []string{"steps/stream"}, Points: 20, Needs: []int{2}, Uses: []string{"serve", "bench", "extract", "stream"}},
	{N: 9, Name: "stream-parquet", Title: "Spark streaming to Parquet, a file per batch",
		Class: "`spark-submit write_swords_stream.py` while `ab` loops", Lab: "`lab stream --sink parquet`",
		Packages: []string{"steps/stream"}, Needs: []int{2}, Uses: []string{"serve", "bench", "extract", "stream", "hive", "presto"}},
}

// Steps returns the class's steps in order.
func Steps() []Step { return append([]Step(nil), steps...) }

// Package is the step package a step's tests are in (extract for steps/extract).
func (s Step) Package() string { return strings.TrimPrefix(s.Packages[0], "steps/") }

// Graded is a step package that lab grade scores, with its points.
type Graded struct {
	Name   string
	Points float64
}

// GradedPackages returns the graded step packages in the class's order, each
// once, with their points (they add up to 100).
func GradedPackages() []Graded {
	var gs []Graded
	seen := map[string]bool{}
	for _, st := range steps {
		if p := st.Package(); !seen[p] {
			seen[p] = true
			gs = append(gs, Graded{Name: p, Points: st.Points})
		}
	}
	return gs
}

// Table is the README's step table, in markdown.
func Table() string {
	var b strings.Builder
	b.WriteString("| `make lab-N` | step | the class's tool | `lab` subcommand | package | points |\n")
	b.WriteString("|---|---|---|---|---|---|\n")
	first := map[string]int{}
	for _, st := range steps {
		var pkgs []string
		for _, p := range st.Packages {
			pkgs = append(pkgs, "`"+p+"`")
		}
		points := fmt.Sprintf("%g", st.Points)
		if n, ok := first[st.Package()]; ok {
			points = fmt.Sprintf("(with %d)", n)
		} else {
			first[st.Package()] = st.N
		}
		fmt.Fprintf(&b, "| %d | %s | %s | %s | %s | %s |\n", st.N, st.Name, st.Class, st.Lab, strings.Join(pkgs, ", "), points)
	}
	return b.String()
}
