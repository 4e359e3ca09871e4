package embedded_test

import (
	"io"
	"net"
	"os"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/embedded"
	"github.com/fullstack-lab/fullstack-lab/harness/internal/fdtest"
)

// faultyListener fails Accept with EMFILE while fail is above 0, as an
// accept(2) out of file descriptors does.
type faultyListener struct {
	net.Listener
	fail atomic.Int64
}

func (l *faultyListener) Accept() (net.Conn, error) {
	if l.fail.Add(-1) >= 0 {
		return nil, &net.OpError{Op: "accept", Net: "tcp", Addr: l.Addr(), Err: os.NewSyscallError("accept4", syscall.EMFILE)}
	}
	return l.Listener.Accept()
}

// Accept errors that are temporary (EMFILE) do not end the broker's accept
// loop: it pauses and accepts again, and Kafka serves (kfake alone returns
// from its loop for good on the first error).
func TestKafkaAcceptRetriesEMFILE(t *testing.T) {
	var ln *faultyListener
	log := &harness.Buffer{}
	k := startKafka(t, "", embedded.WithKafkaLog(log), embedded.WithKafkaListen(func(network, address string) (net.Listener, error) {
		l, err := net.Listen(network, address)
		if err != nil {
			return nil, err
		}
		ln = &faultyListener{Listener: l}
		ln.fail.Store(5) // before the first client
		return ln, nil
	}))
	produce(t, k.Addr(), "events", values("a", 10)...)
	assert.Equal(t, int64(5), k.AcceptRetries())
	assert.Contains(t, log.String(), "kafka: accept: accept tcp 127.0.0.1:")
	assert.Contains(t, log.String(), "too many open files; retrying")

	ln.fail.Store(8) // a second burst, between clients
	produce(t, k.Addr(), "events", values("b", 10)...)
	assert.Equal(t, append(values("a", 10), values("b", 10)...), consume(t, k.Addr(), "events"))
	assert.Equal(t, int64(13), k.AcceptRetries())
}

// Closing the broker ends a pause between retries at once.
func TestKafkaCloseDuringAcceptRetries(t *testing.T) {
	var ln *faultyListener
	k, err := embedded.StartKafka("", embedded.WithKafkaListen(func(network, address string) (net.Listener, error) {
		l, err := net.Listen(network, address)
		if err != nil {
			return nil, err
		}
		ln = &faultyListener{Listener: l}
		ln.fail.Store(1 << 40) // never accepts again
		return ln, nil
	}))
	require.NoError(t, err)
	require.Eventually(t, func() bool { return k.AcceptRetries() >= 3 }, 10*time.Second, 5*time.Millisecond, "accept was not retried")
	done := make(chan struct{})
	go func() { k.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Close waited on the accept loop's pause")
	}
}

// Out of file descriptors for real (the process's limit lowered, then filled
// with idle connections to the broker): accept fails, the broker retries,
// and once descriptors are free it serves the client that waited and new ones.
func TestKafkaSurvivesFdExhaustion(t *testing.T) {
	k := startKafka(t, "")
	produce(t, k.Addr(), "events", values("before", 5)...)

	waiting, release := fdtest.Exhaust(t, k.Addr(), k.AcceptRetries)
	release()
	// The client that waited is served: an ApiVersions request (key 18, v0) answers.
	waiting.SetDeadline(time.Now().Add(10 * time.Second))
	_, err := waiting.Write([]byte{0, 0, 0, 10, 0, 18, 0, 0, 0, 0, 0, 7, 0, 0})
	require.NoError(t, err)
	var size [4]byte
	_, err = io.ReadFull(waiting, size[:])
	require.NoError(t, err, "the connection accepted after the exhaustion is served")
	// And new clients.
	produce(t, k.Addr(), "events", values("after", 5)...)
	assert.Equal(t, append(values("before", 5), values("after", 5)...), consume(t, k.Addr(), "events"))
	assert.Positive(t, k.AcceptRetries())
}
