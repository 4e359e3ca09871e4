package grade

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/fullstack-lab/fullstack-lab/lab/catalog"
)

// Weights are the points of each step package (lab/catalog); a step's points
// are its weight times the share of its tests that passed. They add up to 100.
var Weights = func() map[string]float64 {
	m := map[string]float64{}
	for _, g := range catalog.GradedPackages() {
		m[g.Name] = g.Points
	}
	return m
}()

// Order is the class's order of the step packages, for the table.
var Order = func() []string {
	var names []string
	for _, g := range catalog.GradedPackages() {
		names = append(names, g.Name)
	}
	return names
}()

// Test is one top-level test's outcome.
type Test struct {
	Name    string        `json:"name"`
	Action  string        `json:"action"` // pass, fail or skip
	Elapsed time.Duration `json:"elapsed"`
	// Message is what went wrong, for a failed test: its assertion's
	// message, a stub's TODO, or its panic.
	Message string `json:"message,omitempty"`
	Output  string `json:"-"`
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
	// BuildFailed is set when the package did not compile; BuildError is
	// the compiler's first error, BuildPackage the package that failed
	// (the step's own, or one it imports).
	BuildFailed  bool   `json:"build_failed,omitempty"`
	BuildError   string `json:"build_error,omitempty"`
	BuildPackage string `json:"build_package,omitempty"`
	// Crashed is set when the test binary failed outside any test (a
	// panic in a goroutine, a timeout, TestMain): its first lines of why.
	Crashed string `json:"crashed,omitempty"`
	// Missing is set for a step whose package go test did not find.
	Missing bool `json:"missing,omitempty"`
	// Stubs are the step's functions still to implement (see AddStubs).
	Stubs  []Stub `json:"stubs,omitempty"`
	Output string `json:"-"`
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
	Action      string
	Package     string
	ImportPath  string
	Test        string
	Output      string
	Elapsed     float64
	FailedBuild string
}

// Parse reads `go test -json` output and grades it against passMark points.
func Parse(r io.Reader, passMark float64) (*Report, error) {
	steps := map[string]*Step{}
	tests := map[string]*Test{}
	pkgFailed := map[string]bool{}
	failedBuild := map[string]string{}
	buildOut := map[string]string{}
	rawPkg := "" // the package of the build errors go test printed as text (before Go 1.24)
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
			// Build errors as text, as go test printed them before Go 1.24.
			if l := string(line); strings.HasPrefix(l, "# ") {
				rawPkg = strings.Fields(l[2:])[0]
			} else if rawPkg != "" {
				buildOut[rawPkg] += l + "\n"
			}
			continue
		}
		var ev event
		if err := json.Unmarshal(line, &ev); err != nil {
			return nil, fmt.Errorf("grade: parse go test output: %w", err)
		}
		if ev.Action == "build-output" {
			buildOut[importPath(ev.ImportPath)] += ev.Output
			continue
		}
		if ev.Package == "" {
			continue
		}
		if ev.FailedBuild != "" {
			failedBuild[ev.Package] = importPath(ev.FailedBuild)
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
			if ev.Action == "fail" {
				t.Message = FailureMessage(t.Output)
			}
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
		if bp, ok := failedBuild[st.Package]; ok || strings.Contains(st.Output, "[build failed]") || strings.Contains(st.Output, "[setup failed]") {
			if !ok {
				bp = st.Package
			}
			st.BuildFailed, st.BuildPackage = true, bp
			st.BuildError = firstBuildError(buildOut[bp] + buildOut[st.Package] + st.Output)
		} else if pkgFailed[st.Package] && st.Failed == 0 {
			// The binary failed outside any test: a panic in a goroutine, a timeout, TestMain.
			st.Crashed = crashMessage(st.Output)
		}
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

// importPath strips the test variant from go's import path ("p [p.test]" → "p").
func importPath(p string) string {
	if i := strings.Index(p, " ["); i >= 0 {
		return p[:i]
	}
	return p
}

func rank(step string) int {
	for i, s := range Order {
		if s == step {
			return i
		}
	}
	return len(Order)
}
