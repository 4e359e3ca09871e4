package grade

import (
	"regexp"
	"strings"
)

var (
	// todoRe is a stub's error (harness/todo): TODO: implement F (file:line): task.
	todoRe = regexp.MustCompile(`TODO: implement [^\n]*?\([^)\n]+:\d+\): [^\n]*`)
	// logRe is a line of t.Error/t.Fatal output: "    name_test.go:12: message".
	logRe = regexp.MustCompile(`^\s+([\w.-]+_test\.go:\d+): (.*)$`)
	// buildErrRe is a compiler error: "path/file.go:12:3: message".
	buildErrRe = regexp.MustCompile(`^(\S+\.go:\d+(?::\d+)?): (.*)$`)
)

// maxMessage bounds a message's length in the report.
const maxMessage = 300

// FailureMessage is what a failed test's output says went wrong, in one or
// a few lines: a stub's TODO first, else testify's "Error:" and "Messages:"
// (with the assertion's place), else the first t.Error/t.Fatal line, else a panic.
func FailureMessage(output string) string {
	if m := todoRe.FindString(output); m != "" {
		return clip(m)
	}
	lines := strings.Split(output, "\n")
	if msg := testifyMessage(lines); msg != "" {
		return clip(msg)
	}
	for _, l := range lines {
		if m := logRe.FindStringSubmatch(l); m != nil {
			return clip(m[1] + ": " + strings.TrimSpace(m[2]))
		}
	}
	for i, l := range lines {
		if strings.HasPrefix(l, "panic: ") {
			return clip(strings.Join(nonEmpty(lines[i:min(i+2, len(lines))]), " "))
		}
	}
	for _, l := range lines {
		if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "=== ") && !strings.HasPrefix(t, "--- ") {
			return clip(t)
		}
	}
	return ""
}

// testifyMessage reads the first assertion block of testify's output:
//
//	x_test.go:31:
//	    	Error Trace:	/path/x_test.go:31
//	    	Error:      	Not equal:
//	    	            	expected: 3
//	    	            	actual  : 4
//	    	Test:       	TestX
//	    	Messages:   	count of swords
func testifyMessage(lines []string) string {
	where, field := "", ""
	fields := map[string][]string{}
	for _, l := range lines {
		if m := logRe.FindStringSubmatch(l); m != nil && where == "" && strings.TrimSpace(m[2]) == "" {
			where = m[1]
			continue
		}
		if where == "" {
			continue
		}
		t := strings.TrimSpace(l)
		if name, value, ok := strings.Cut(t, ":"); ok && (name == "Error Trace" || name == "Error" || name == "Test" || name == "Messages") {
			if name == "Error" && fields["Error"] != nil {
				break // the next assertion's block
			}
			field = name
			if v := strings.TrimSpace(value); v != "" {
				fields[field] = append(fields[field], v)
			}
			continue
		}
		if logRe.MatchString(l) || strings.HasPrefix(t, "--- ") {
			if fields["Error"] != nil {
				break
			}
			continue
		}
		if field != "" && t != "" && len(fields[field]) < 6 {
			fields[field] = append(fields[field], t)
		}
	}
	if fields["Error"] == nil {
		return ""
	}
	msg := where + ": " + strings.Join(fields["Error"], " ")
	if m := fields["Messages"]; m != nil {
		msg += " (" + strings.Join(m, " ") + ")"
	}
	return msg
}

// firstBuildError is the compiler's first error in go's build output.
func firstBuildError(out string) string {
	for _, l := range strings.Split(out, "\n") {
		if m := buildErrRe.FindStringSubmatch(strings.TrimSpace(l)); m != nil {
			return clip(m[1] + ": " + m[2])
		}
	}
	for _, l := range strings.Split(out, "\n") {
		if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "# ") && !strings.HasPrefix(t, "FAIL") {
			return clip(t)
		}
	}
	return "the package does not build"
}

// crashMessage is why a test binary failed outside its tests.
func crashMessage(out string) string {
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "panic: ") || strings.HasPrefix(l, "fatal error: ") {
			return clip(strings.Join(nonEmpty(lines[i:min(i+2, len(lines))]), " "))
		}
	}
	for _, l := range nonEmpty(lines) {
		if !strings.HasPrefix(l, "FAIL") && !strings.HasPrefix(l, "ok ") && l != "PASS" {
			return clip(l)
		}
	}
	return "the test binary failed outside any test"
}

func nonEmpty(lines []string) []string {
	var out []string
	for _, l := range lines {
		if t := strings.TrimSpace(l); t != "" {
			out = append(out, t)
		}
	}
	return out
}

func clip(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > maxMessage {
		return s[:maxMessage-3] + "..."
	}
	return s
}
