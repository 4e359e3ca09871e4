package harness

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness/backends"
	"github.com/fullstack-lab/fullstack-lab/harness/embedded"
	"github.com/fullstack-lab/fullstack-lab/harness/stack"
)

// Stack is a stack as a test sees it: its endpoints and a name space of its own.
type Stack struct {
	stack.Endpoints

	id string
	// restart restarts one service; nil when the stack cannot.
	restart func(ctx context.Context, service string) error
}

// startTimeout bounds a stack's start.
const startTimeout = 5 * time.Minute

// settings is what the environment says about the tests' stack, read once:
// LAB_STACK picks the backend, LAB_DIR where `lab up` may run one.
var settings = sync.OnceValue(func() struct{ backend, dir string } {
	return struct{ backend, dir string }{stack.BackendFromEnv(), stack.DirFromEnv()}
})

// Start returns a ready stack for the test and registers its cleanup.
// LAB_STACK picks the backend, embedded by default. An embedded stack is
// the test's own; the other backends are shared by the tests of one binary
// (see Main), or taken from `lab up` when one runs in LAB_DIR.
func Start(t testing.TB) *Stack {
	t.Helper()
	backend := settings().backend
	var progress io.Writer
	if testing.Verbose() {
		progress = tlogWriter{t}
	}
	s := &Stack{id: newID()}
	if !shared(backend) {
		ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
		defer cancel()
		r, err := embedded.Start(ctx, stack.Options{Dir: t.TempDir(), Progress: progress})
		if r != nil {
			t.Cleanup(func() { r.Close() })
		}
		if err != nil {
			t.Fatalf("start %s stack: %v", backend, err)
		}
		s.Endpoints, s.restart = r.Endpoints(), r.Restart
		return s
	}
	ep, restart, err := sharedStack(backend, settings().dir, progress)
	if err != nil {
		t.Fatalf("start %s stack: %v", backend, err)
	}
	s.Endpoints, s.restart = ep, restart
	return s
}

// shared reports whether a backend is started once per test binary rather than per test.
func shared(name string) bool { return name != stack.Embedded }

// Restart restarts one service of the stack in place (same address, same
// data) and returns once it answers again: to test that clients and data
// ride out a restart. It skips the test when the backend cannot restart
// services (an external stack's are not the lab's to restart).
//
// On a stack shared by several test binaries (make test-local) the service
// is down for every one of them meanwhile: the Makefile runs the tests
// named *Restart* on their own, after the others.
func (s *Stack) Restart(t testing.TB, service string) {
	t.Helper()
	if s.restart == nil {
		t.Skipf("the %s stack cannot restart its services", s.Backend)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	err := s.restart(ctx, service)
	if errors.Is(err, stack.ErrCannotRestart) {
		t.Skipf("the %s stack cannot restart %s: %v", s.Backend, service, err)
	}
	if err != nil {
		t.Fatalf("restart %s: %v", service, err)
	}
}

var (
	sharedMu      sync.Mutex
	sharedRunning = map[string]stack.Running{}
	sharedDirs    []string
)

// sharedStack attaches to the stack of labDir when it runs the wanted
// backend, else starts one for this binary (stopped by Main).
func sharedStack(backend, labDir string, progress io.Writer) (stack.Endpoints, func(context.Context, string) error, error) {
	if st, err := stack.ReadState(labDir); err == nil && st.Backend == backend {
		return st.Endpoints, func(ctx context.Context, service string) error {
			return stack.RestartService(ctx, st.Control, service)
		}, nil
	}
	sharedMu.Lock()
	defer sharedMu.Unlock()
	if r, ok := sharedRunning[backend]; ok {
		return r.Endpoints(), restarter(r), nil
	}
	b, err := backends.Lookup(backend)
	if err != nil {
		return stack.Endpoints{}, nil, err
	}
	dir, err := os.MkdirTemp("", "lab-"+backend+"-")
	if err != nil {
		return stack.Endpoints{}, nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	sharedDirs = append(sharedDirs, dir)
	r, err := b.Start(ctx, stack.Options{Dir: dir, Progress: progress})
	if err != nil {
		return stack.Endpoints{}, nil, err
	}
	sharedRunning[backend] = r
	return r.Endpoints(), restarter(r), nil
}

// restarter restarts the services of r when r can (else ErrCannotRestart).
func restarter(r stack.Running) func(context.Context, string) error {
	return func(ctx context.Context, service string) error { return stack.Restart(ctx, r, service) }
}

// Main runs the tests of a package and then stops the stacks they shared.
// Use it in TestMain:
//
//	func TestMain(m *testing.M) { harness.Main(m) }
func Main(m *testing.M) {
	code := m.Run()
	sharedMu.Lock()
	for name, r := range sharedRunning {
		if err := r.Close(); err != nil {
			fmt.Fprintf(os.Stderr, "stop %s stack: %v\n", name, err)
		}
		delete(sharedRunning, name)
	}
	for _, dir := range sharedDirs {
		if code != 0 {
			printLogs(os.Stderr, filepath.Join(dir, "logs"), 40)
		}
		os.RemoveAll(dir)
	}
	sharedDirs = nil
	sharedMu.Unlock()
	os.Exit(code)
}

// printLogs writes the last n lines of each log in dir to w: the services'
// side of a failed run, before their directory goes.
func printLogs(w io.Writer, dir string, n int) {
	logs, _ := filepath.Glob(filepath.Join(dir, "*.log"))
	for _, l := range logs {
		b, err := os.ReadFile(l)
		if err != nil {
			continue
		}
		lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
		fmt.Fprintf(w, "==> %s (last %d lines) <==\n%s\n", l, n, strings.Join(lines[max(0, len(lines)-n):], "\n"))
	}
}

// Name returns base made unique to this test, for a topic or a table
// ("events" → "events_1a2b3c4d"). It is a valid Kafka topic and Hive identifier.
func (s *Stack) Name(base string) string { return base + "_" + s.id }

// Path returns a warehouse path made unique to this test
// ("/tmp/purchases" → "/tmp/purchases_1a2b3c4d").
func (s *Stack) Path(p string) string { return path.Clean(strings.TrimRight(p, "/")) + "_" + s.id }

func newID() string {
	var b [4]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b[:])
}

type tlogWriter struct{ t testing.TB }

func (w tlogWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
