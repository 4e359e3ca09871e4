package runner_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/lab/runner"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMain(m *testing.M) { harness.Main(m) }

func names(s *harness.Stack) func(string) string {
	return func(n string) string {
		if strings.HasPrefix(n, "/") {
			return s.Path(n)
		}
		return s.Name(n)
	}
}

// The whole lab on one stack: the summary's figures are what the class's steps give.
func TestWholeLab(t *testing.T) {
	s := harness.Start(t)
	var out strings.Builder
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	sum, err := runner.Run(ctx, runner.Options{Out: &out, Endpoints: s.Endpoints, Names: names(s), Trigger: 200 * time.Millisecond})
	require.NoError(t, err, out.String())

	assert.Equal(t, 40+40+50, sum.Requests, "the class's four runs, again for the console stream, and five rounds of the ab loop")
	assert.Equal(t, int64(20+20+50), sum.PurchasesSent)
	assert.Equal(t, 0, sum.Failed)
	assert.Equal(t, 40, sum.EventsProduced)
	assert.Equal(t, int64(20), sum.RowsWritten)
	assert.Equal(t, int64(0), sum.Skipped)
	assert.Equal(t, int64(20), sum.ExplicitRows)
	assert.Equal(t, []string{"default." + s.Name("purchases"), "default." + s.Name("purchases2"), "default." + s.Name("sword_purchases")}, sum.Tables)
	assert.Equal(t, "90", sum.StreamTableRows, "the stream's table shows every batch through Presto")
	assert.Equal(t, int64(20), sum.PrestoRows, "select * from purchases through Presto")
	assert.Equal(t, "user1.comcast.com=10, user2.att.com=10", sum.PrestoByHost)
	assert.Equal(t, int64(20), sum.StreamConsoleRows, "the console stream's second batch holds the second round's purchases")
	assert.Equal(t, int64(90), sum.StreamRows, "every purchase sent lands in the stream's directory once")
	assert.GreaterOrEqual(t, sum.StreamBatches, 1)

	text := out.String()
	for _, want := range []string{
		"── Step 1 · serve",
		`class$ docker-compose exec mids ab -n 10 -H "Host: user1.comcast.com" http://localhost:5000/`,
		"Complete requests:      10\n",
		`{"event_type": "purchase_sword", "Host": "user2.att.com", "User-Agent": "ApacheBench/2.3", "Accept": "*/*"}`,
		"|   */*|    user2.att.com|ApacheBench/2.3|purchase_sword|",
		" |-- User-Agent: string (nullable = true)\n",
		"Found 2 items\n",
		"presto:default> describe " + s.Name("purchases") + ";\n",
		" user-agent | varchar |",
		" user1.comcast.com | NULL       \n",
		"(20 rows)\n",
		"-------------------------------------------\nBatch: 1\n-------------------------------------------\n",
		"── Summary",
	} {
		assert.Contains(t, text, want)
	}
	assert.Regexp(t, `events on the topic +40\n`, text)
	assert.Regexp(t, `requests sent by bench +130 \(0 failed\)\n`, text)
}

// A step run alone runs what it needs first, quietly.
func TestOneStep(t *testing.T) {
	s := harness.Start(t)
	var out strings.Builder
	sum, err := runner.Run(context.Background(), runner.Options{Out: &out, Endpoints: s.Endpoints, Names: names(s)}, 3)
	require.NoError(t, err)
	assert.Equal(t, 40, sum.EventsProduced)
	assert.Contains(t, out.String(), "(step 2, bench, runs first, quietly)")
	assert.NotContains(t, out.String(), "Complete requests", "bench ran quietly")
	assert.Contains(t, out.String(), "── Step 3 · tail")

	_, err = runner.Run(context.Background(), runner.Options{Endpoints: s.Endpoints}, 99)
	require.ErrorIs(t, err, runner.ErrNoStep)
}

// In a student's tree the steps whose packages are unsolved are named, not
// run; the others run, on the class's events when bench could not make them.
func TestUnsolvedSteps(t *testing.T) {
	s := harness.Start(t)
	var out strings.Builder
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	sum, err := runner.Run(ctx, runner.Options{Out: &out, Endpoints: s.Endpoints, Names: names(s), Trigger: 200 * time.Millisecond,
		Unsolved: map[string][]string{"serve": {"Event (steps/serve/event.go:14): build the JSON event"}}})
	require.NoError(t, err, out.String())
	assert.Equal(t, []string{
		"step 1 (serve): not solved yet: steps/serve: implement Event (steps/serve/event.go:14): build the JSON event",
		"step 2 (bench): needs step 1 (serve), which did not run",
		"step 8 (stream): not solved yet: steps/serve: implement Event (steps/serve/event.go:14): build the JSON event",
		"step 9 (stream-parquet): not solved yet: steps/serve: implement Event (steps/serve/event.go:14): build the JSON event",
	}, sum.NotRun)
	assert.Equal(t, 40, sum.EventsProduced, "tail reads the class's events, written for the bench that did not run")
	assert.Equal(t, int64(20), sum.RowsWritten)
	assert.Equal(t, int64(20), sum.PrestoRows)
	text := out.String()
	assert.Contains(t, text, "(step 2 did not run: the class's 40 events of its four ab runs were written to topic ")
	assert.Contains(t, text, "4 step(s) did not run (make grade says what is left):\n")
	assert.NotContains(t, text, "Complete requests", "bench did not run")
}
