package progress_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/fullstack-lab/fullstack-lab/lab/progress"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Off a terminal, progress lines pass through unchanged: logs and CI output stay plain.
func TestLinesPlain(t *testing.T) {
	var out strings.Builder
	l := progress.NewLines(&out)
	fmt.Fprintln(l, "kafka      127.0.0.1:9092 (kfake)")
	fmt.Fprint(l, "metastore  127.0.0.1:9083")
	fmt.Fprintln(l, " (in-process Thrift)")
	require.NoError(t, l.Close())
	assert.Equal(t, "kafka      127.0.0.1:9092 (kfake)\nmetastore  127.0.0.1:9083 (in-process Thrift)\n", out.String())
	assert.False(t, progress.IsTerminal(&out))
}
