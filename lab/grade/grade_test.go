package grade_test

import (
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
	assert.Contains(t, xml.String(), `<error message="package does not build">`)
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
