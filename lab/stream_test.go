package main_test

import (
	"bytes"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}
func (l *lockedBuffer) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

// lab stream --sink parquet against `lab up -d`: a batch file per batch with
// purchases, Ctrl-C ends it cleanly, and a checkpoint of another topic is refused.
func TestStreamParquet(t *testing.T) {
	dir := t.TempDir()
	t.Cleanup(func() { lab(t, dir, "down") })
	mustLab(t, dir, "up", "-d")

	serve := exec.Command(labBinary(t), "serve", "--addr", "127.0.0.1:0", "--dir", dir)
	stdout, err := serve.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, serve.Start())
	t.Cleanup(func() { serve.Process.Kill(); serve.Wait() })
	buf := make([]byte, 512)
	n, err := stdout.Read(buf)
	require.NoError(t, err)
	url := regexpFind(t, `http://127\.0\.0\.1:\d+`, string(buf[:n]))
	mustLab(t, dir, "bench", "-n", "10", "-H", "Host: user1.comcast.com", url+"/purchase_a_sword")

	var out lockedBuffer
	st := exec.Command(labBinary(t), "stream", "--sink", "parquet", "--trigger", "200ms", "--starting-offsets", "earliest", "--dir", dir)
	st.Stdout, st.Stderr = &out, &out
	require.NoError(t, st.Start())
	done := make(chan error, 1)
	go func() { done <- st.Wait() }()
	t.Cleanup(func() { st.Process.Kill() })
	waitFor := func(what string, cond func() bool) {
		t.Helper()
		for deadline := time.Now().Add(60 * time.Second); !cond(); time.Sleep(50 * time.Millisecond) {
			require.True(t, time.Now().Before(deadline), "%s within 60s:\n%s", what, out.String())
		}
	}
	waitFor("batch 0", func() bool { return strings.Contains(out.String(), "batch 0: 10 records read, 10 rows written to") })
	mustLab(t, dir, "bench", "-n", "5", "-H", "Host: user2.att.com", url+"/purchase_a_sword")
	mustLab(t, dir, "bench", "-n", "5", "-H", "Host: user2.att.com", url+"/")
	// The ten records land in one batch or two (the trigger is 200 ms): either way
	// the five purchases are written once, in one file, after batch 0.
	later := regexp.MustCompile(`batch [1-9]\d*: (5|10) records read, 5 rows written to`)
	waitFor("the second batch file", func() bool { return later.MatchString(out.String()) })

	require.NoError(t, st.Process.Signal(os.Interrupt))
	select {
	case err := <-done:
		require.NoError(t, err, out.String())
	case <-time.After(30 * time.Second):
		t.Fatalf("lab stream still running 30s after Ctrl-C:\n%s", out.String())
	}
	assert.Contains(t, out.String(), "stream: stopped after the last committed batch")

	ls := mustLab(t, dir, "fs", "ls", "/tmp/sword_purchases")
	assert.Contains(t, ls, "Found 2 items")
	assert.Equal(t, 2, strings.Count(ls, "/tmp/sword_purchases/part-00000-"), ls)

	o, err := lab(t, dir, "stream", "--sink", "parquet", "--topic", "other")
	require.Error(t, err)
	assert.Contains(t, o, `lab: stream: checkpoint /tmp/checkpoints_for_sword_purchases: checkpoint belongs to another query: it reads topic "events", this query reads "other"`)
}
