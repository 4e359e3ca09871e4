package grade

import (
	"fmt"
	"io"
	"regexp"
	"strings"
	"text/tabwriter"
)

// Print writes the score table, then what to do: per step its stubs left,
// its failed tests with their messages, or the compiler's first error.
func (r *Report) Print(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "step\ttests\tpassed\tfailed\tskipped\tpoints\t")
	for _, st := range r.Steps {
		note := ""
		switch {
		case st.BuildFailed:
			note = "  (does not build)"
		case st.Missing:
			note = "  (no package)"
		case st.Crashed != "":
			note = "  (test binary crashed)"
		case len(st.Stubs) > 0:
			note = fmt.Sprintf("  (%d to implement)", len(st.Stubs))
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%.1f / %.0f\t%s\n", st.Name, len(st.Tests), st.Passed, st.Failed, st.Skipped, st.Points, st.Weight, note)
	}
	verdict := "PASS"
	if !r.Passed {
		verdict = "FAIL"
	}
	fmt.Fprintf(tw, "total\t\t\t\t\t%.1f / %.0f\t  %s (pass mark %.0f%%)\n", r.Points, r.Max, verdict, r.PassMark)
	tw.Flush()
	r.PrintTodo(w)
}

// PrintTodo writes, for each step short of its points, what to do.
func (r *Report) PrintTodo(w io.Writer) {
	first := true
	for _, st := range r.Steps {
		if st.Points >= st.Weight && len(st.Stubs) == 0 && !st.BuildFailed && st.Crashed == "" {
			continue
		}
		if first {
			fmt.Fprintln(w, "\nWhat is left to do:")
			first = false
		}
		fmt.Fprintf(w, "\n%s (%.1f / %.0f)\n", st.Name, st.Points, st.Weight)
		switch {
		case st.Missing:
			fmt.Fprintf(w, "  no package steps/%s\n", st.Name)
		case st.BuildFailed && st.BuildPackage != st.Package && st.BuildPackage != "":
			fmt.Fprintf(w, "  does not build: %s, which it imports, does not compile: %s\n", st.BuildPackage, st.BuildError)
		case st.BuildFailed:
			fmt.Fprintf(w, "  does not build: %s\n", st.BuildError)
		case st.Crashed != "":
			fmt.Fprintf(w, "  the test binary crashed outside any test: %s\n", st.Crashed)
		}
		if len(st.Stubs) > 0 {
			fmt.Fprintln(w, "  to implement:")
			for _, s := range st.Stubs {
				fmt.Fprintf(w, "    %s\n", s)
			}
		}
		failed := 0
		for _, t := range st.Tests {
			if t.Action == "fail" {
				if failed == 0 {
					fmt.Fprintln(w, "  failed tests:")
				}
				failed++
				fmt.Fprintf(w, "    %s: %s\n", t.Name, t.Message)
			}
		}
	}
}

// startRe is harness.Start's failure: the stack did not start.
var startRe = regexp.MustCompile(`start \w+ stack: .*`)

// Ungradable says why the run cannot grade the student's work, or "": a
// stack that did not start (every test reaching it failed for that), or a
// package outside steps/ (the harness, a dependency, cgo) that did not build.
func (r *Report) Ungradable() string {
	for _, st := range r.Steps {
		if st.BuildFailed && st.BuildPackage != "" && !strings.Contains(st.BuildPackage+"/", "/steps/") {
			return fmt.Sprintf("%s does not build (not a step's code): %s", st.BuildPackage, st.BuildError)
		}
		if st.BuildFailed && strings.Contains(st.BuildError, "cgo") {
			return "the toolchain cannot build the steps: " + st.BuildError
		}
		for _, t := range st.Tests {
			if t.Action == "fail" {
				if m := startRe.FindString(t.Output); m != "" {
					return clip(m)
				}
			}
		}
	}
	return ""
}
