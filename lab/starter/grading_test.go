package starter_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/fullstack-lab/fullstack-lab/lab/grade"
	"github.com/fullstack-lab/fullstack-lab/lab/starter"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The grading checks run the step suite about ten times (a few minutes
// each on two cores): `make test-grading` runs them, `make test` does not.
const gradingEnv = "LAB_TEST_GRADING"

func needGrading(t *testing.T) {
	t.Helper()
	if os.Getenv(gradingEnv) == "" {
		t.Skipf("runs the step suite many times: make test-grading (%s=1)", gradingEnv)
	}
}

const module = "github.com/fullstack-lab/fullstack-lab"

// Each step is graded alone: a tree where only one step is left unsolved
// loses points in that step and in no other. The packages whose test
// binaries do not link the stubbed step are the solved tree's binaries,
// byte for byte, so only those that link it are run again.
func TestGradingEachStepAlone(t *testing.T) {
	needGrading(t)
	root := repoRoot(t)
	solved := gradeRun(t, root, "", 1, "./steps/...")
	base := points(solved)
	for _, s := range grade.Order {
		require.Contains(t, base, s, "the solved tree has step %s", s)
		assert.Equal(t, base[s], grade.Weights[s], "the solved tree earns all of %s's points", s)
	}
	users := linkers(t, root)
	for i, step := range grade.Order {
		t.Run(step, func(t *testing.T) {
			overlay, regions, err := starter.Overlay(root, t.TempDir(), step)
			require.NoError(t, err)
			require.NotEmpty(t, regions, "step %s has a solution region", step)
			pkgs := users[step]
			rep := gradeRun(t, root, overlay, int64(i+2), pkgs...)
			got := points(rep)
			for _, st := range rep.Steps {
				if st.Name == step {
					assert.Less(t, st.Points, base[step], "%s unsolved loses %s's points", step, step)
					continue
				}
				assert.Equal(t, base[st.Name], got[st.Name], "%s unsolved costs %s nothing:\n%s", step, st.Name, failures(st))
			}
			t.Logf("%s unsolved: %v (packages run again: %s)", step, got, strings.Join(pkgs, " "))
		})
	}
}

// Scores do not depend on test order: the starter tree (every step
// unsolved) graded under two shuffle seeds gives each test the same outcome.
func TestGradingShuffle(t *testing.T) {
	needGrading(t)
	root := repoRoot(t)
	overlay, _, err := starter.Overlay(root, t.TempDir())
	require.NoError(t, err)
	a := gradeRun(t, root, overlay, 7, "./steps/...")
	b := gradeRun(t, root, overlay, 1234567, "./steps/...")
	assert.Equal(t, outcomes(a), outcomes(b), "each test's outcome is the same in either order")
	assert.Equal(t, points(a), points(b))
	assert.InDelta(t, a.Points, b.Points, 1e-9)
	assert.Less(t, a.Points, a.Max, "the starter tree does not pass")
	t.Logf("starter tree under seeds 7 and 1234567: %.1f / %.0f, %v", a.Points, a.Max, points(a))
}

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	return root
}

// gradeRun runs the packages' tests (with the overlay, when given) shuffled with seed, and grades them.
func gradeRun(t *testing.T, root, overlay string, seed int64, pkgs ...string) *grade.Report {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 25*time.Minute)
	defer cancel()
	args := []string{"test", "-json", "-count=1", "-timeout", "20m", fmt.Sprintf("-shuffle=%d", seed)}
	if overlay != "" {
		args = append(args, "-overlay", overlay)
	}
	cmd := exec.CommandContext(ctx, "go", append(args, pkgs...)...)
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	rep, perr := grade.Parse(bytes.NewReader(out), 60)
	require.NoError(t, perr)
	require.NotEmpty(t, rep.Steps, "go test ran no step (%v): %s", err, stderr.String())
	require.Empty(t, rep.Ungradable(), "the run can grade")
	for _, st := range rep.Steps {
		require.False(t, st.BuildFailed, "%s builds: %s", st.Name, st.BuildError)
		require.Empty(t, st.Crashed, "%s's test binary runs to its end", st.Name)
	}
	return rep
}

func points(r *grade.Report) map[string]float64 {
	m := map[string]float64{}
	for _, st := range r.Steps {
		m[st.Name] = st.Points
	}
	return m
}

func outcomes(r *grade.Report) []string {
	var o []string
	for _, st := range r.Steps {
		for _, tc := range st.Tests {
			o = append(o, st.Name+"."+tc.Name+" "+tc.Action)
		}
	}
	sort.Strings(o)
	return o
}

func failures(st *grade.Step) string {
	var b strings.Builder
	for _, tc := range st.Tests {
		if tc.Action == "fail" {
			fmt.Fprintf(&b, "  %s: %s\n", tc.Name, tc.Message)
		}
	}
	return b.String()
}

// linkers maps each step to the step packages whose test binaries link it (itself included).
func linkers(t *testing.T, root string) map[string][]string {
	t.Helper()
	cmd := exec.Command("go", "list", "-test", "-f", `{{.ImportPath}}|{{join .Deps " "}}`, "./steps/...")
	cmd.Dir = root
	out, err := cmd.Output()
	require.NoError(t, err)
	users := map[string]map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		path, deps, _ := strings.Cut(line, "|")
		tested, ok := testedPackage(path)
		if !ok {
			continue
		}
		for _, s := range grade.Order {
			pkg := module + "/steps/" + s
			if tested == pkg || strings.Contains(" "+deps+" ", " "+pkg+" ") {
				if users[s] == nil {
					users[s] = map[string]bool{}
				}
				users[s]["./"+strings.TrimPrefix(tested, module+"/")] = true
			}
		}
	}
	m := map[string][]string{}
	for s, set := range users {
		for p := range set {
			m[s] = append(m[s], p)
		}
		sort.Strings(m[s])
	}
	return m
}

// testedPackage is the package a test variant of go list tests: "p [p.test]" and "p_test [p.test]" → p.
func testedPackage(listed string) (string, bool) {
	_, variant, ok := strings.Cut(listed, " [")
	if !ok || !strings.HasSuffix(variant, ".test]") {
		return "", false
	}
	return strings.TrimSuffix(variant, ".test]"), true
}

// In a student's tree, make grade-tail grades the stubbed tail step (exit 1,
// the stub's function and file:line on the report), and make lab names every
// unsolved step and exits 0.
func TestGradingStudentTree(t *testing.T) {
	needGrading(t)
	dst := studentTree(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()

	g := exec.CommandContext(ctx, "make", "grade-tail")
	g.Dir = dst
	out, err := g.CombinedOutput()
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee, "%s", out)
	assert.Equal(t, 2, ee.ExitCode(), "make's own status for a failed recipe:\n%s", out)
	assert.Contains(t, string(out), "make: *** [Makefile:", "the recipe failed")
	assert.Regexp(t, `tail +\d+ +\d+ +\d+ +\d+ +\d+\.\d / 10  \(1 to implement\)`, string(out))
	assert.Contains(t, string(out), "steps/tail/tail.go:")
	assert.Contains(t, string(out), "consume: read one partition")
	assert.Regexp(t, `lab: grade: \d+\.\d of 10 points, below the pass mark of 100%`, string(out))

	l := exec.CommandContext(ctx, "make", "lab")
	l.Dir = dst
	out, err = l.CombinedOutput()
	require.NoError(t, err, "make lab in a starter tree exits 0:\n%s", out)
	assert.Contains(t, string(out), "9 step(s) did not run (make grade says what is left):")
	assert.Contains(t, string(out), "step 3 (tail): not solved yet: steps/tail: implement consume (steps/tail/tail.go:")
	assert.NotContains(t, string(out), "panic")
}
