package starter_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/fullstack-lab/fullstack-lab/lab/grade"
	"github.com/fullstack-lab/fullstack-lab/lab/starter"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A student's tree has its own README (build, run, grade; each task with
// file:line as it is in the tree), make grade, GitHub Classroom's tests, and
// none of the instructor's CI.
func TestStudentTreeFiles(t *testing.T) {
	dst := studentTree(t)
	for _, gone := range []string{".github/workflows/instructor.yml", ".ci", ".git"} {
		_, err := os.Stat(filepath.Join(dst, gone))
		assert.True(t, os.IsNotExist(err), "%s is not in a student's tree", gone)
	}
	readme, err := os.ReadFile(filepath.Join(dst, "README.md"))
	require.NoError(t, err)
	tasks, err := grade.FindStubs(dst)
	require.NoError(t, err)
	require.Len(t, tasks, 9)
	for _, task := range tasks {
		line := readLine(t, filepath.Join(dst, task.File), task.Line)
		require.Contains(t, line, "todo.Implement(", "%s:%d is the stub", task.File, task.Line)
		assert.Contains(t, string(readme), "`"+task.File+":"+itoa(task.Line)+"` | `"+task.Func+"`")
	}
	for _, want := range []string{"make build", "make lab-3", "make grade", "make grade-extract", "exit code: 0", "| extract | 20 | `steps/extract` |"} {
		assert.Contains(t, string(readme), want)
	}
	assert.NotContains(t, string(readme), "make test-local", "not the instructor's README")

	// make grade and make grade-STEP are the Makefile's.
	dry := exec.Command("make", "-n", "grade", "grade-tail")
	dry.Dir = dst
	out, err := dry.CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Contains(t, string(out), "bin/lab grade\n")
	assert.Contains(t, string(out), "bin/lab grade --pass 100 ./steps/tail\n")
}

// The classroom workflow and autograding.json have one test per graded step, with its points.
func TestClassroomAutograding(t *testing.T) {
	var wf struct {
		Jobs map[string]struct {
			Steps []struct {
				ID   string            `yaml:"id"`
				Uses string            `yaml:"uses"`
				With map[string]string `yaml:"with"`
				Env  map[string]string `yaml:"env"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	require.NoError(t, yaml.Unmarshal([]byte(starter.ClassroomWorkflow()), &wf))
	job, ok := wf.Jobs["run-autograding-tests"]
	require.True(t, ok)
	var graders []string
	total := 0.0
	var runners string
	for _, st := range job.Steps {
		switch {
		case strings.HasPrefix(st.Uses, "classroom-resources/autograding-command-grader@"):
			graders = append(graders, st.ID)
			assert.Equal(t, st.ID, st.With["test-name"])
			assert.Equal(t, "make grade-"+st.ID, st.With["command"])
			assert.Equal(t, grade.Weights[st.ID], atof(t, st.With["max-score"]), "%s's points", st.ID)
			total += atof(t, st.With["max-score"])
		case strings.HasPrefix(st.Uses, "classroom-resources/autograding-grading-reporter@"):
			runners = st.With["runners"]
			for _, id := range graders {
				assert.Equal(t, "${{steps."+id+".outputs.result}}", st.Env[strings.ToUpper(id)+"_RESULTS"])
			}
		}
	}
	assert.Equal(t, grade.Order, graders, "one test per step, in the class's order")
	assert.Equal(t, strings.Join(grade.Order, ","), runners)
	assert.Equal(t, 100.0, total)

	b, err := starter.AutogradingJSON()
	require.NoError(t, err)
	var aj struct{ Tests []starter.AutogradingTest }
	require.NoError(t, json.Unmarshal(b, &aj))
	require.Len(t, aj.Tests, len(grade.Order))
	for i, tc := range aj.Tests {
		assert.Equal(t, grade.Order[i], tc.Name)
		assert.Equal(t, "make grade-"+tc.Name, tc.Run)
		assert.Equal(t, grade.Weights[tc.Name], tc.Points)
		assert.Positive(t, tc.Timeout)
	}
}

func readLine(t *testing.T, path string, n int) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	lines := strings.Split(string(b), "\n")
	require.Less(t, n-1, len(lines))
	return lines[n-1]
}

func itoa(n int) string { return strconv.Itoa(n) }

func atof(t *testing.T, s string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(s, 64)
	require.NoError(t, err)
	return f
}
