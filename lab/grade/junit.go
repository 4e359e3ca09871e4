package grade

import (
	"encoding/xml"
	"fmt"
	"io"
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
		s := junitSuite{Name: st.Package, Tests: len(st.Tests), Failures: st.Failed, Skipped: st.Skipped}
		var total float64
		for _, t := range st.Tests {
			c := junitCase{Name: t.Name, Classname: st.Package, Time: fmt.Sprintf("%.3f", t.Elapsed.Seconds())}
			total += t.Elapsed.Seconds()
			switch t.Action {
			case "fail":
				c.Failure = &junitMessage{Message: "failed", Body: t.Output}
			case "skip":
				c.Skipped = &junitMessage{Message: "skipped", Body: t.Output}
			}
			s.Cases = append(s.Cases, c)
		}
		if st.BuildFailed {
			s.Errors = 1
			s.Tests++
			s.Cases = append(s.Cases, junitCase{Name: "build", Classname: st.Package, Time: "0.000",
				Error: &junitMessage{Message: "package does not build", Body: st.Output}})
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
