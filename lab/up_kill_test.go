package main_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness/stack"
)

// startUp runs `lab up` on dir in the foreground, as a child of the test,
// and returns once its stack serves.
func startUp(t *testing.T, dir string) (*exec.Cmd, stack.State) {
	t.Helper()
	logf, err := os.OpenFile(filepath.Join(t.TempDir(), "up.log"), os.O_CREATE|os.O_WRONLY, 0o644)
	require.NoError(t, err)
	t.Cleanup(func() { logf.Close() })
	up := exec.Command(labBinary(t), "up", "--stack", "embedded", "--dir", dir)
	up.Stdout, up.Stderr = logf, logf
	require.NoError(t, up.Start())
	t.Cleanup(func() { up.Process.Kill(); up.Wait() })
	exited := make(chan struct{})
	go func() { up.Process.Wait(); close(exited) }()
	deadline := time.After(time.Minute)
	for {
		st, err := stack.ReadState(dir)
		if err == nil && st.PID == up.Process.Pid {
			return up, st
		}
		select {
		case <-exited:
			log, _ := os.ReadFile(logf.Name())
			t.Fatalf("lab up exited: %s", log)
		case <-deadline:
			log, _ := os.ReadFile(logf.Name())
			t.Fatalf("lab up did not serve within a minute (%v): %s", err, log)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// ackedSet is the ids Kafka acknowledged.
type ackedSet struct {
	mu  sync.Mutex
	ids map[string]string // id → topic
	per map[string]int    // topic → ids
}

func (a *ackedSet) add(topic string, msgs []kafka.Message) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, m := range msgs {
		a.ids[string(m.Value)] = topic
	}
	a.per[topic] += len(msgs)
}

func (a *ackedSet) count(topic string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.per[topic]
}

// Acknowledged means kept (issue 14): `lab up` killed (-9) at random moments
// while writers produce with acks=all, each event carrying a unique id, then
// started again on the same directory; each round also writes to a topic
// created on the fly since that `lab up` started (the case that lost every
// event). At the end every acknowledged id is in its topic exactly once, and
// the broker kept its port across every restart.
func TestUpKilledKeepsAcknowledged(t *testing.T) {
	if testing.Short() {
		t.Skip("starts lab up several times")
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, seed>>7))
	dir := t.TempDir()
	labBinary(t) // built before the clock of the rounds starts
	acked := &ackedSet{ids: map[string]string{}, per: map[string]int{}}
	topics := []string{"events"}
	addr := ""
	const rounds, writers = 5, 4
	for round := range rounds {
		up, st := startUp(t, dir)
		if addr == "" {
			addr = st.Kafka[0]
		}
		require.Equal(t, addr, st.Kafka[0], "round %d: the broker keeps its port", round)
		fresh := fmt.Sprintf("round-%d", round) // created by this round's first write
		topics = append(topics, fresh)

		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				topic := []string{"events", fresh}[w%2]
				kw := &kafka.Writer{
					Addr: kafka.TCP(addr), Topic: topic, RequiredAcks: kafka.RequireAll,
					AllowAutoTopicCreation: true, BatchTimeout: time.Millisecond,
					// One attempt: a retry of a batch the broker wrote but
					// could not answer would write it twice.
					MaxAttempts: 1,
				}
				defer kw.Close()
				for seq := 0; ctx.Err() == nil; seq++ {
					n := 1 + seq%20
					msgs := make([]kafka.Message, n)
					for i := range msgs {
						msgs[i].Value = fmt.Appendf(nil, "r%d-w%d-s%d-%d", round, w, seq, i)
					}
					if err := kw.WriteMessages(ctx, msgs...); err == nil {
						acked.add(topic, msgs)
					}
				}
			}()
		}
		// Kill at a random moment once this round's fresh topic has acknowledged events.
		for acked.count(fresh) == 0 {
			time.Sleep(5 * time.Millisecond)
		}
		time.Sleep(time.Duration(rng.IntN(600)) * time.Millisecond)
		require.NoError(t, up.Process.Kill())
		up.Wait()
		cancel()
		wg.Wait()
		t.Logf("round %d: killed with %d events of %s acknowledged", round, acked.count(fresh), fresh)
	}

	_, st := startUp(t, dir)
	require.Equal(t, addr, st.Kafka[0])
	seen := map[string]int{}
	for _, topic := range topics {
		for id, n := range readAll(t, addr, topic) {
			seen[id] += n
		}
	}
	acked.mu.Lock()
	defer acked.mu.Unlock()
	lost, twice := 0, 0
	for id, topic := range acked.ids {
		switch seen[id] {
		case 0:
			if lost++; lost <= 5 {
				t.Errorf("acknowledged %s in %s: lost", id, topic)
			}
		case 1:
		default:
			if twice++; twice <= 5 {
				t.Errorf("acknowledged %s in %s: there %d times", id, topic, seen[id])
			}
		}
	}
	t.Logf("%d events acknowledged over %d kills, %d read back (%d unacknowledged ones written anyway); %d lost, %d more than once",
		len(acked.ids), rounds, len(seen), len(seen)-len(acked.ids)+lost, lost, twice)
	assert.Zero(t, lost)
	assert.Zero(t, twice)
	assert.Greater(t, len(acked.ids), 1000)
	mustLab(t, dir, "down")
}

// readAll reads topic's partition 0 from its first offset to its last and
// counts each value.
func readAll(t *testing.T, addr, topic string) map[string]int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := kafka.DialLeader(ctx, "tcp", addr, topic, 0)
	require.NoError(t, err, "topic %s", topic)
	defer conn.Close()
	first, last, err := conn.ReadOffsets()
	require.NoError(t, err)
	_, err = conn.Seek(first, kafka.SeekAbsolute)
	require.NoError(t, err)
	out := map[string]int{}
	for off := first; off < last; {
		conn.SetReadDeadline(time.Now().Add(30 * time.Second))
		batch := conn.ReadBatch(1, 10<<20)
		for {
			m, err := batch.ReadMessage()
			if err != nil {
				break
			}
			out[string(m.Value)]++
			off = m.Offset + 1
		}
		if err := batch.Close(); err != nil && !errors.Is(err, context.Canceled) {
			require.NoError(t, err, "read %s at %d", topic, off)
		}
		_, err = conn.Seek(off, kafka.SeekAbsolute)
		require.NoError(t, err)
	}
	return out
}
