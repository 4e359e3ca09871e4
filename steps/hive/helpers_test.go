package hive_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/classdata"
	"github.com/fullstack-lab/fullstack-lab/steps/hive"
)

func TestMain(m *testing.M) { harness.Main(m) }

// session connects a hive session to the test's stack.
func session(t *testing.T, s *harness.Stack) *hive.Session {
	t.Helper()
	return &hive.Session{Metastore: s.MetastoreClient(t), FS: s.WarehouseFS(t)}
}

// run runs a script and returns what the hive CLI would print.
func run(t *testing.T, hs *hive.Session, script string) string {
	t.Helper()
	var out strings.Builder
	require.NoError(t, hs.Run(script, &out), out.String())
	return out.String()
}

// extractPurchases writes the class's 20 sword purchases to path as
// filtered_writes.py leaves them (a fixture: the hive step is graded without
// the extract step's code).
func extractPurchases(t *testing.T, s *harness.Stack, hs *hive.Session, path string) {
	t.Helper()
	require.NoError(t, classdata.WritePurchases(hs.FS, path, classdata.Purchases()))
}

// column returns the values of column i of rows.
func column(rows [][]string, i int) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r[i])
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
