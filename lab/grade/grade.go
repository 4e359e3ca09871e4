package grade

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"
	"text/tabwriter"
	"time"
)

// Weights are the points of each step; a step's points are its weight times
// the share of its tests that passed. They add up to 100.
var Weights = map[string]float64{
	"serve": 10, "bench": 10, "tail": 10,
	"extract": 20, "hive": 15, "presto": 15, "stream": 20,
}

// Order is the class's order of the steps, for the table.
var Order = []string{"serve", "bench", "tail", "extract", "hive", "presto", "stream"}

// Test is one top-level test's outcome.
type Test struct {
	Name    string        `json:"name"`
	Action  string        `json:"action"` // pass, fail or skip
	Elapsed time.Duration `json:"elapsed"`
	Output  string        `json:"-"`
}

// Step is one step package's outcome.
type Step struct {
	Name    string  `json:"step"`
	Package string  `json:"package"`
	Tests   []Test  `json:"tests"`
	Passed  int     `json:"passed"`
	Failed  int     `json:"failed"`
	Skipped int     `json:"skipped"`
	Points  float64 `json:"points"`
	Weight  float64 `json:"weight"`
	// BuildFailed is set when the package did not compile or its binary failed outside any test.
	BuildFailed bool `json:"build_failed,omitempty"`
	// Missing is set for a step whose package go test did not find.
	Missing bool   `json:"missing,omitempty"`
	Output  string `json:"-"`
}

// Report is the whole grade.
type Report struct {
	Steps    []*Step `json:"steps"`
	Points   float64 `json:"points"`
	Max      float64 `json:"max"`
	PassMark float64 `json:"pass_mark"`
	Passed   bool    `json:"passed"`
}

type event struct {
	Action  string
	Package string
	Test    string
	Output  string
	Elapsed float64
}

// Parse reads `go test -json` output and grades it against passMark points.
func Parse(r io.Reader, passMark float64) (*Report, error) {
	steps := map[string]*Step{}
	tests := map[string]*Test{}
	pkgFailed := map[string]bool{}
	get := func(pkg string) *Step {
		st := steps[pkg]
		if st == nil {
			st = &Step{Name: path.Base(pkg), Package: pkg}
			st.Weight = Weights[st.Name]
			steps[pkg] = st
		}
		return st
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		line := sc.Bytes()
		if len(line) == 0 || line[0] != '{' {
			continue // build errors and other text go test prints around the JSON
		}
		var ev event
		if err := json.Unmarshal(line, &ev); err != nil {
			return nil, fmt.Errorf("grade: parse go test output: %w", err)
		}
		if ev.Package == "" {
			continue
		}
		st := get(ev.Package)
		if ev.Test == "" {
			switch ev.Action {
			case "output":
				st.Output += ev.Output
			case "fail":
				pkgFailed[ev.Package] = true
			}
			continue
		}
		if strings.Contains(ev.Test, "/") {
			top := ev.Test[:strings.Index(ev.Test, "/")]
			if t := tests[ev.Package+" "+top]; t != nil && ev.Action == "output" {
				t.Output += ev.Output
			}
			continue
		}
		key := ev.Package + " " + ev.Test
		t := tests[key]
		if t == nil {
			t = &Test{Name: ev.Test}
			tests[key] = t
		}
		switch ev.Action {
		case "output":
			t.Output += ev.Output
		case "pass", "fail", "skip":
			t.Action = ev.Action
			t.Elapsed = time.Duration(ev.Elapsed * float64(time.Second))
			st.Tests = append(st.Tests, *t)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("grade: read go test output: %w", err)
	}
	rep := &Report{PassMark: passMark}
	for _, st := range steps {
		for _, t := range st.Tests {
			switch t.Action {
			case "pass":
				st.Passed++
			case "fail":
				st.Failed++
			case "skip":
				st.Skipped++
			}
		}
		// A package that failed with no failed test did not build, or its TestMain failed.
		st.BuildFailed = pkgFailed[st.Package] && st.Failed == 0
		if run := st.Passed + st.Failed; run > 0 && !st.BuildFailed {
			st.Points = st.Weight * float64(st.Passed) / float64(run)
		}
		rep.Steps = append(rep.Steps, st)
	}
	sort.Slice(rep.Steps, func(i, j int) bool { return rank(rep.Steps[i].Name) < rank(rep.Steps[j].Name) })
	rep.score()
	return rep, nil
}

// score totals the points; the pass mark is a percentage of the points graded.
func (r *Report) score() {
	r.Points, r.Max = 0, 0
	for _, st := range r.Steps {
		r.Points += st.Points
		r.Max += st.Weight
	}
	r.Passed = r.Max > 0 && r.Points*100/r.Max >= r.PassMark
}

// Require adds the steps of names that go test did not report (a package not
// written yet): they score nothing.
func (r *Report) Require(names ...string) {
	have := map[string]bool{}
	for _, st := range r.Steps {
		have[st.Name] = true
	}
	for _, n := range names {
		if !have[n] {
			r.Steps = append(r.Steps, &Step{Name: n, Weight: Weights[n], Missing: true})
		}
	}
	sort.SliceStable(r.Steps, func(i, j int) bool { return rank(r.Steps[i].Name) < rank(r.Steps[j].Name) })
	r.score()
}

func rank(step string) int {
	for i, s := range Order {
		if s == step {
			return i
		}
	}
	return len(Order)
}

// Print writes the score table.
func (r *Report) Print(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "step\ttests\tpassed\tfailed\tskipped\tpoints\t")
	for _, st := range r.Steps {
		note := ""
		if st.BuildFailed {
			note = "  (does not build)"
		}
		if st.Missing {
			note = "  (no package)"
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%.1f / %.0f\t%s\n", st.Name, len(st.Tests), st.Passed, st.Failed, st.Skipped, st.Points, st.Weight, note)
	}
	verdict := "PASS"
	if !r.Passed {
		verdict = "FAIL"
	}
	fmt.Fprintf(tw, "total\t\t\t\t\t%.1f / %.0f\t  %s (pass mark %.0f%%)\n", r.Points, r.Max, verdict, r.PassMark)
	tw.Flush()
}
