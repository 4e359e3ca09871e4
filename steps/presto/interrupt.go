package presto

import (
	"errors"
	"io"
	"sync/atomic"
)

// errInterrupted is the prompt's Ctrl-C: the line being typed, and the
// statement of the lines before it, are dropped; the prompt stays.
var errInterrupted = errors.New("interrupted")

// ctrlC is a terminal's input in raw mode where Ctrl-C (0x03), which
// x/term's ReadLine takes for end of input, becomes Ctrl-E Ctrl-U Enter:
// the line is cleared on the screen and ends empty; hit reports it, as the
// Presto CLI clears the line and gives a new prompt on Ctrl-C.
type ctrlC struct {
	r   io.Reader
	hit atomic.Bool
	buf []byte
}

func (c *ctrlC) Read(p []byte) (int, error) {
	if len(c.buf) == 0 {
		n, err := c.r.Read(p)
		for i := 0; i < n; i++ {
			if p[i] == 3 {
				c.buf = append(c.buf, 5, 21, '\r')
				c.hit.Store(true)
				continue
			}
			c.buf = append(c.buf, p[i])
		}
		if len(c.buf) == 0 {
			return 0, err
		}
	}
	n := copy(p, c.buf)
	c.buf = c.buf[n:]
	return n, nil
}

// interrupted reports, once, whether Ctrl-C came since the last call.
func (c *ctrlC) interrupted() bool { return c.hit.Swap(false) }
