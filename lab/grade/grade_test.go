package grade_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fullstack-lab/fullstack-lab/lab/grade"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const run = `{"Action":"start","Package":"m/steps/serve"}
{"Action":"run","Package":"m/steps/serve","Test":"TestA"}
{"Action":"output","Package":"m/steps/serve","Test":"TestA","Output":"=== RUN   TestA\n"}
{"Action":"pass","Package":"m/steps/serve","Test":"TestA","Elapsed":0.5}
{"Action":"run","Package":"m/steps/serve","Test":"TestB"}
{"Action":"run","Package":"m/steps/serve","Test":"TestB/sub"}
{"Action":"output","Package":"m/steps/serve","Test":"TestB/sub","Output":"    b_test.go:9: got 3, want 4\n"}
{"Action":"fail","Package":"m/steps/serve","Test":"TestB/sub","Elapsed":0.1}
{"Action":"fail","Package":"m/steps/serve","Test":"TestB","Elapsed":0.1}
{"Action":"run","Package":"m/steps/serve","Test":"TestC"}
{"Action":"skip","Package":"m/steps/serve","Test":"TestC","Elapsed":0}
{"Action":"fail","Package":"m/steps/serve","Elapsed":0.7}
{"Action":"run","Package":"m/steps/bench","Test":"TestRun"}
{"Action":"pass","Package":"m/steps/bench","Test":"TestRun","Elapsed":0.2}
{"Action":"pass","Package":"m/steps/bench","Elapsed":0.2}
# m/steps/tail
steps/tail/tail.go:3:1: syntax error
{"Action":"output","Package":"m/steps/tail","Output":"FAIL\tm/steps/tail [build failed]\n"}
{"Action":"fail","Package":"m/steps/tail","Elapsed":0}
`

func TestParse(t *testing.T) {
	rep, err := grade.Parse(strings.NewReader(run), 60)
	require.NoError(t, err)
	require.Len(t, rep.Steps, 3)

	serve, bench, tail := rep.Steps[0], rep.Steps[1], rep.Steps[2]
	assert.Equal(t, "serve", serve.Name)
	assert.Equal(t, [3]int{1, 1, 1}, [3]int{serve.Passed, serve.Failed, serve.Skipped})
	assert.Equal(t, 5.0, serve.Points, "half of serve's 10 points: skips do not count")
	assert.Equal(t, 10.0, bench.Points)
	assert.True(t, tail.BuildFailed)
	assert.Equal(t, 0.0, tail.Points)
	assert.Equal(t, 15.0, rep.Points)
	assert.Equal(t, 30.0, rep.Max)
	assert.False(t, rep.Passed, "15 of 30 is below the pass mark of 60%")

	var out strings.Builder
	rep.Print(&out)
	assert.Contains(t, out.String(), "serve      3       1       1        1   5.0 / 10")
	assert.Contains(t, out.String(), "(does not build)")
	assert.Contains(t, out.String(), "FAIL (pass mark 60%)")

	rep.Require(grade.Order...)
	assert.Len(t, rep.Steps, 7)
	assert.Equal(t, 100.0, rep.Max)
	assert.Equal(t, "extract", rep.Steps[3].Name)
	assert.True(t, rep.Steps[3].Missing)

	var xml strings.Builder
	require.NoError(t, rep.JUnit(&xml))
	assert.Contains(t, xml.String(), `<testsuite name="m/steps/serve" tests="3" failures="1" errors="0" skipped="1" time="0.600">`)
	assert.Contains(t, xml.String(), "got 3, want 4")
	assert.Contains(t, xml.String(), `<error message="does not build: steps/tail/tail.go:3:1: syntax error">`)
	assert.Contains(t, xml.String(), `<failure message="b_test.go:9: got 3, want 4">`)
}

func TestParseRejectsGarbage(t *testing.T) {
	_, err := grade.Parse(strings.NewReader("{not json\n"), 60)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "grade: parse go test output")
}

func TestPassMark(t *testing.T) {
	rep, err := grade.Parse(strings.NewReader(run), 50)
	require.NoError(t, err)
	assert.True(t, rep.Passed, "15 of 30 is 50%")
}

// Go 1.24+ reports build errors as build-output events; a package that
// imports a broken one fails with FailedBuild naming it.
const buildRun = `{"ImportPath":"m/steps/extract [m/steps/extract.test]","Action":"build-output","Output":"# m/steps/extract\n"}
{"ImportPath":"m/steps/extract [m/steps/extract.test]","Action":"build-output","Output":"steps/extract/filter.go:10:9: undefined: eventType\n"}
{"ImportPath":"m/steps/extract [m/steps/extract.test]","Action":"build-output","Output":"steps/extract/filter.go:11:2: missing return\n"}
{"ImportPath":"m/steps/extract [m/steps/extract.test]","Action":"build-fail"}
{"Action":"start","Package":"m/steps/extract"}
{"Action":"output","Package":"m/steps/extract","Output":"FAIL\tm/steps/extract [build failed]\n"}
{"Action":"fail","Package":"m/steps/extract","Elapsed":0,"FailedBuild":"m/steps/extract [m/steps/extract.test]"}
{"Action":"start","Package":"m/steps/stream"}
{"Action":"fail","Package":"m/steps/stream","Elapsed":0,"FailedBuild":"m/steps/extract [m/steps/extract.test]"}
{"Action":"start","Package":"m/steps/hive"}
{"Action":"output","Package":"m/steps/hive","Output":"panic: boom in a goroutine\n"}
{"Action":"output","Package":"m/steps/hive","Output":"\ngoroutine 7 [running]:\n"}
{"Action":"fail","Package":"m/steps/hive","Elapsed":0.1}
`

func TestParseBuildErrors(t *testing.T) {
	rep, err := grade.Parse(strings.NewReader(buildRun), 60)
	require.NoError(t, err)
	require.Len(t, rep.Steps, 3)
	extract, hive, stream := rep.Steps[0], rep.Steps[1], rep.Steps[2]
	assert.True(t, extract.BuildFailed)
	assert.Equal(t, "steps/extract/filter.go:10:9: undefined: eventType", extract.BuildError, "the compiler's first error")
	assert.True(t, stream.BuildFailed)
	assert.Equal(t, "m/steps/extract", stream.BuildPackage)
	assert.False(t, hive.BuildFailed, "a crash is not a build failure")
	assert.Equal(t, "panic: boom in a goroutine", hive.Crashed)

	var out strings.Builder
	rep.Print(&out)
	assert.Contains(t, out.String(), "extract (0.0 / 20)\n  does not build: steps/extract/filter.go:10:9: undefined: eventType\n")
	assert.Contains(t, out.String(), "does not build: m/steps/extract, which it imports, does not compile")
	assert.Contains(t, out.String(), "the test binary crashed outside any test: panic: boom")
	assert.Empty(t, rep.Ungradable(), "a student's build error is graded, not a reason not to grade")
}

func TestFailureMessage(t *testing.T) {
	for _, tc := range []struct{ description, output, want string }{
		{"a stub's error", "    x_test.go:9: \n        \tError Trace:\t/x/x_test.go:9\n        \tError:      \tReceived unexpected error:\n        \t            \ttail: TODO: implement consume (steps/tail/tail.go:134): read one partition\n",
			"TODO: implement consume (steps/tail/tail.go:134): read one partition"},
		{"testify", "=== RUN   TestEvent\n    serve_test.go:186: \n        \tError Trace:\t/w/steps/serve/serve_test.go:186\n        \tError:      \tNot equal: \n        \t            \texpected: \"a\"\n        \t            \tactual  : \"\"\n        \tTest:       \tTestEvent/ab's_headers\n        \tMessages:   \tfields of x\n--- FAIL: TestEvent (0.00s)\n",
			`serve_test.go:186: Not equal: expected: "a" actual : "" (fields of x)`},
		{"t.Fatalf", "=== RUN   TestX\n    x_test.go:12: query did not catch up\n--- FAIL: TestX (1.00s)\n", "x_test.go:12: query did not catch up"},
		{"a panic", "=== RUN   TestX\n--- FAIL: TestX (0.00s)\npanic: runtime error: index out of range [recovered]\n\tpanic: runtime error\n", "panic: runtime error: index out of range [recovered] panic: runtime error"},
	} {
		t.Run(tc.description, func(t *testing.T) {
			assert.Equal(t, tc.want, grade.FailureMessage(tc.output))
		})
	}
}

func TestUngradable(t *testing.T) {
	run := `{"Action":"run","Package":"m/steps/tail","Test":"TestA"}
{"Action":"output","Package":"m/steps/tail","Test":"TestA","Output":"    tail_test.go:30: start containers stack: rootless Docker not found\n"}
{"Action":"fail","Package":"m/steps/tail","Test":"TestA","Elapsed":0.1}
`
	rep, err := grade.Parse(strings.NewReader(run), 60)
	require.NoError(t, err)
	assert.Equal(t, "start containers stack: rootless Docker not found", rep.Ungradable())

	run = `{"ImportPath":"m/harness","Action":"build-output","Output":"harness/h.go:3:1: syntax error\n"}
{"Action":"fail","Package":"m/steps/tail","Elapsed":0,"FailedBuild":"m/harness"}
`
	rep, err = grade.Parse(strings.NewReader(run), 60)
	require.NoError(t, err)
	assert.Equal(t, "m/harness does not build (not a step's code): harness/h.go:3:1: syntax error", rep.Ungradable())
}

func TestFindStubs(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(root, "steps", "tail"), 0o755))
	src := "package tail\n\nimport \"m/harness/todo\"\n\nfunc consume() (int, error) {\n\treturn 0, todo.Implement(\"consume\", \"read one partition\")\n}\n"
	require.NoError(t, os.WriteFile(filepath.Join(root, "steps", "tail", "tail.go"), []byte(src), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(root, "steps", "tail", "tail_test.go"), []byte("package tail\n"), 0o644))
	stubs, err := grade.FindStubs(root)
	require.NoError(t, err)
	want := grade.Stub{Step: "tail", Func: "consume", File: "steps/tail/tail.go", Line: 6, Task: "read one partition"}
	assert.Equal(t, []grade.Stub{want}, stubs)

	rep, err := grade.Parse(strings.NewReader(""), 60)
	require.NoError(t, err)
	rep.Require(grade.Order...)
	rep.AddStubs(stubs)
	var out strings.Builder
	rep.Print(&out)
	assert.Contains(t, out.String(), "tail      0       0       0        0   0.0 / 10  (no package)")
	assert.Contains(t, out.String(), "  to implement:\n    steps/tail/tail.go:6  consume: read one partition\n")
}
