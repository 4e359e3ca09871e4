package presto

import (
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Ctrl-C at the prompt clears the line being typed and keeps the prompt;
// Ctrl-D on an empty line still ends the session.
func TestPromptCtrlC(t *testing.T) {
	in := &ctrlC{r: strings.NewReader("select * from pur\x03show tables;\r\x04")}
	var screen strings.Builder
	r := &termReader{t: newTerminal(in, &screen, ""), in: in}

	_, err := r.readLine("presto:default> ")
	require.ErrorIs(t, err, errInterrupted, "Ctrl-C ends the line as an interruption, not as the end of input")
	line, err := r.readLine("presto:default> ")
	require.NoError(t, err)
	assert.Equal(t, "show tables;", line, "the next line starts clean")
	_, err = r.readLine("presto:default> ")
	assert.ErrorIs(t, err, io.EOF)
	assert.NotContains(t, screen.String(), "select * from purshow", "the cleared text is not kept")
}
