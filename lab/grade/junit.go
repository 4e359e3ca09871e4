package grade

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
	// SystemOut lists the step's stubs left to implement.
	SystemOut string `xml:"system-out,omitempty"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Error     *junitMessage `xml:"error,omitempty"`
	Skipped   *junitMessage `xml:"skipped,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Body    string `xml:",chardata"`
}

// JUnit writes the report as JUnit XML, one testsuite per step.
func (r *Report) JUnit(w io.Writer) error {
	var out junitSuites
	for _, st := range r.Steps {
		name := st.Package
		if name == "" {
			name = "steps/" + st.Name
		}
		s := junitSuite{Name: name, Tests: len(st.Tests), Failures: st.Failed, Skipped: st.Skipped}
		var total float64
		for _, t := range st.Tests {
			c := junitCase{Name: t.Name, Classname: st.Package, Time: fmt.Sprintf("%.3f", t.Elapsed.Seconds())}
			total += t.Elapsed.Seconds()
			switch t.Action {
			case "fail":
				c.Failure = &junitMessage{Message: t.Message, Body: t.Output}
			case "skip":
				c.Skipped = &junitMessage{Message: "skipped", Body: t.Output}
			}
			s.Cases = append(s.Cases, c)
		}
		if st.BuildFailed {
			s.Errors = 1
			s.Tests++
			s.Cases = append(s.Cases, junitCase{Name: "build", Classname: st.Package, Time: "0.000",
				Error: &junitMessage{Message: "does not build: " + st.BuildError, Body: st.Output}})
		}
		if len(st.Stubs) > 0 {
			var todo []string
			for _, stub := range st.Stubs {
				todo = append(todo, stub.String())
			}
			s.SystemOut = "to implement:\n" + strings.Join(todo, "\n") + "\n"
		}
		s.Time = fmt.Sprintf("%.3f", total)
		out.Suites = append(out.Suites, s)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("write junit: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}
