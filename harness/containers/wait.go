package containers

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/testcontainers/testcontainers-go/wait"
)

// ProbeStrategy is a wait.Strategy that asks the service, at its published
// port, whether it is ready over its own protocol (the metastore over Thrift,
// ZooKeeper with ruok): a port that accepts connections is not yet a service
// that answers. It polls Check until it succeeds, the container exits, or the
// startup timeout ends; the error then carries Check's last answer.
type ProbeStrategy struct {
	// Name says what is asked, for errors and for tests ("metastore get_all_databases").
	Name string
	// Port is the container's port ("9083/tcp"); Check gets its host:port on this machine.
	Port string
	// Check asks the service at addr once.
	Check func(ctx context.Context, addr string) error
	// Addr, when set, is the address Check gets instead of Port's: for a
	// container that publishes no port of its own (the DataNode, in the
	// NameNode's network namespace), asked through another's.
	Addr string
	// Host, when set, is where this machine reaches Port's published port
	// (Requests sets the stack's); else testcontainers' guess.
	Host string

	timeout  *time.Duration
	interval time.Duration
}

// ForProbe returns a ProbeStrategy with a one-minute startup timeout, polling every 500 ms.
func ForProbe(name, port string, check func(ctx context.Context, addr string) error) *ProbeStrategy {
	return &ProbeStrategy{Name: name, Port: port, Check: check, interval: 500 * time.Millisecond}
}

var (
	_ wait.Strategy        = (*ProbeStrategy)(nil)
	_ wait.StrategyTimeout = (*ProbeStrategy)(nil)
)

// WithStartupTimeout sets how long WaitUntilReady waits in all.
func (s *ProbeStrategy) WithStartupTimeout(d time.Duration) *ProbeStrategy {
	s.timeout = &d
	return s
}

// WithPollInterval sets the pause between two checks.
func (s *ProbeStrategy) WithPollInterval(d time.Duration) *ProbeStrategy {
	s.interval = d
	return s
}

// Timeout implements wait.StrategyTimeout (wait.ForAll's deadline applies when nil).
func (s *ProbeStrategy) Timeout() *time.Duration { return s.timeout }

// WaitUntilReady implements wait.Strategy.
func (s *ProbeStrategy) WaitUntilReady(ctx context.Context, target wait.StrategyTarget) error {
	timeout := time.Minute
	if s.timeout != nil {
		timeout = *s.timeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	interval := s.interval
	if interval <= 0 {
		interval = 500 * time.Millisecond
	}
	var last error
	for {
		last = s.once(ctx, target)
		if last == nil {
			return nil
		}
		if errors.Is(last, errExited) {
			return fmt.Errorf("%s: %w", s.Name, last)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s on %s: not ready within %s: %w (last answer: %v)", s.Name, s.Port, timeout, ctx.Err(), last)
		case <-time.After(interval):
		}
	}
}

var errExited = errors.New("the container exited before it was ready")

// once checks that the container runs, then asks the service once, with at
// most 10 s for the answer.
func (s *ProbeStrategy) once(ctx context.Context, target wait.StrategyTarget) error {
	if st, err := target.State(ctx); err != nil {
		return fmt.Errorf("container state: %w", err)
	} else if st != nil && !st.Running && (st.Status == "exited" || st.Status == "dead") {
		return fmt.Errorf("%w (exit code %d)", errExited, st.ExitCode)
	}
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if s.Addr != "" {
		return s.Check(cctx, s.Addr)
	}
	host := s.Host
	if host == "" {
		h, err := target.Host(ctx)
		if err != nil {
			return fmt.Errorf("host: %w", err)
		}
		host = h
	}
	port, err := target.MappedPort(ctx, s.Port)
	if err != nil {
		return fmt.Errorf("port %s: %w", s.Port, err)
	}
	return s.Check(cctx, net.JoinHostPort(host, fmt.Sprint(port.Num())))
}

// String says what is waited for, in testcontainers' log lines.
func (s *ProbeStrategy) String() string {
	if s.Addr != "" {
		return fmt.Sprintf("%s at %s", s.Name, s.Addr)
	}
	return fmt.Sprintf("%s on %s", s.Name, s.Port)
}

// startTimeout bounds each container's wait. Generous: on a loaded 2-core
// machine a NameNode was seen to take over 3 minutes to format and start;
// a container that exits is reported at once, not at the timeout.
const startTimeout = 8 * time.Minute
