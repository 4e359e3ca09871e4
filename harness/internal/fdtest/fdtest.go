// Package fdtest runs a test process out of file descriptors, for tests of servers whose accept loops must survive it.
package fdtest

import (
	"io"
	"net"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Exhaust lowers the process's descriptor limit, fills it with idle
// connections to addr (each takes two descriptors when the server is in the
// same process: the client's end and the server's), then with files, and
// leaves one descriptor for a client that dials addr and waits: the server
// cannot accept it. It returns that client once failures (the server's count
// of failed accepts) is above zero. release closes what was held and restores
// the limit; the test's cleanup does too.
func Exhaust(t testing.TB, addr string, failures func() int64) (waiting net.Conn, release func()) {
	t.Helper()
	var lim syscall.Rlimit
	require.NoError(t, syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim))
	fds, err := os.ReadDir("/proc/self/fd")
	require.NoError(t, err)
	low := lim
	low.Cur = uint64(len(fds) + 100)
	require.NoError(t, syscall.Setrlimit(syscall.RLIMIT_NOFILE, &low))
	var held []io.Closer
	release = func() {
		for _, c := range held {
			c.Close()
		}
		held = nil
		require.NoError(t, syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim))
	}
	t.Cleanup(func() {
		for _, c := range held {
			c.Close()
		}
		syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim)
	})
	for {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			require.ErrorIs(t, err, syscall.EMFILE)
			break
		}
		held = append(held, c)
	}
	for {
		f, err := os.Open(os.DevNull)
		if err != nil {
			require.ErrorIs(t, err, syscall.EMFILE)
			break
		}
		held = append(held, f)
	}
	require.Greater(t, len(held), 20)
	held[len(held)-1].Close()
	held = held[:len(held)-1]
	waiting, err = net.Dial("tcp", addr)
	require.NoError(t, err)
	t.Cleanup(func() { waiting.Close() })
	deadline := time.Now().Add(10 * time.Second)
	for failures() == 0 {
		require.True(t, time.Now().Before(deadline), "accept never failed")
		time.Sleep(5 * time.Millisecond) // polling the server's counter
	}
	return waiting, release
}
