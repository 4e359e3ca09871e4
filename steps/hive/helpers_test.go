package hive_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/hms"
	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
	"github.com/fullstack-lab/fullstack-lab/steps/extract"
	"github.com/fullstack-lab/fullstack-lab/steps/hive"
	"github.com/fullstack-lab/fullstack-lab/steps/presto"
)

func TestMain(m *testing.M) { harness.Main(m) }

// session connects a hive session to the test's stack.
func session(t *testing.T, s *harness.Stack) *hive.Session {
	t.Helper()
	c, err := hms.Dial(s.Metastore)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	fsys, err := warehouse.Open(s.Warehouse)
	require.NoError(t, err)
	t.Cleanup(func() { fsys.Close() })
	return &hive.Session{Metastore: c, FS: fsys}
}

// run runs a script and returns what the hive CLI would print.
func run(t *testing.T, hs *hive.Session, script string) string {
	t.Helper()
	var out strings.Builder
	require.NoError(t, hs.Run(script, &out), out.String())
	return out.String()
}

// classEvents are the class's four ab runs' events: 20 purchases, 20 defaults.
func classEvents() []string {
	var vs []string
	for _, host := range []string{"user1.comcast.com", "user2.att.com"} {
		for _, typ := range []string{"default", "purchase_sword"} {
			for i := 0; i < 10; i++ {
				vs = append(vs, fmt.Sprintf(`{"event_type": %q, "Host": %q, "Accept": "*/*", "User-Agent": "ApacheBench/2.3"}`, typ, host))
			}
		}
	}
	return vs
}

// extractPurchases produces the class's events to a topic of the test's own
// and writes the purchases to path with the batch extract (filtered_writes.py).
func extractPurchases(t *testing.T, s *harness.Stack, hs *hive.Session, path string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	topic := s.Name("events")
	s.Produce(t, topic, classEvents()...)
	res, err := extract.Run(ctx, extract.Config{Brokers: s.Kafka, Topic: topic, FS: hs.FS, Path: path, Mode: extract.Overwrite})
	require.NoError(t, err)
	require.EqualValues(t, 20, res.Rows())
}

// query runs sql through the stack's Presto.
func query(t *testing.T, s *harness.Stack, sql string) presto.Result {
	t.Helper()
	c, err := presto.Connect(presto.Config{Server: s.Presto, Catalog: "hive", Schema: "default"})
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, err := c.Query(ctx, sql)
	require.NoError(t, err, sql)
	return res
}

// column returns the values of column i as strings ("NULL" for null).
func column(res presto.Result, i int) []string {
	var out []string
	for _, r := range res.Rows {
		if r[i] == nil {
			out = append(out, "NULL")
		} else {
			out = append(out, fmt.Sprint(r[i]))
		}
	}
	return out
}

// parseCase is a statement the parser refuses, and its error's exact text.
type parseCase struct{ description, sql, want string }

// parseErrors checks that each statement fails to parse with a ParseError saying want.
func parseErrors(t *testing.T, tests []parseCase) {
	t.Helper()
	for _, tc := range tests {
		t.Run(tc.description, func(t *testing.T) {
			_, err := hive.Parse(tc.sql)
			var pe *hive.ParseError
			require.ErrorAs(t, err, &pe)
			assert.EqualError(t, err, tc.want)
		})
	}
}
