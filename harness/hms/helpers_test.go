package hms_test

import (
	"testing"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/hms"
	"github.com/stretchr/testify/require"
)

func TestMain(m *testing.M) { harness.Main(m) }

// dial connects to the stack's metastore and closes the client at cleanup.
func dial(t *testing.T, s *harness.Stack) *hms.Client {
	t.Helper()
	require.NotEmpty(t, s.Metastore, "the stack has no metastore")
	c, err := hms.Dial(s.Metastore)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	return c
}
