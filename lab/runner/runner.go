package runner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness/hms"
	"github.com/fullstack-lab/fullstack-lab/harness/stack"
	"github.com/fullstack-lab/fullstack-lab/harness/todo"
	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
	"github.com/fullstack-lab/fullstack-lab/lab/catalog"
	"github.com/fullstack-lab/fullstack-lab/steps/serve"
)

// Options configures a session.
type Options struct {
	// Out receives the narration and the tools' output.
	Out io.Writer
	// Endpoints is the stack the session runs against.
	Endpoints stack.Endpoints
	// Topic is the events topic (default "events").
	Topic string
	// Trigger is the stream step's trigger interval (the class's is 10s; the lab's default 1s).
	Trigger time.Duration
	// Names makes the session's topic, paths and tables its own (used by tests on shared stacks):
	// it maps "events" or "/tmp/purchases" to the name to use. Nil keeps the class's names.
	Names func(string) string
	// Unsolved maps a step package (serve, extract, ...) to the functions
	// still to implement in it, one line each ("IsSwordPurchase
	// (steps/extract/filter.go:10): keep ..."): the lab steps that use such
	// a package are not run but named (a student's tree, see lab starter).
	Unsolved map[string][]string
}

// Session is one run of the lab: the stack, the game API, and what each step found.
type Session struct {
	opts    Options
	out     io.Writer
	api     *serve.Server
	fs      warehouse.FS
	hms     *hms.Client
	filled  bool // the class's events were written for a step 2 that did not run
	Summary Summary
}

// warehouse opens the stack's warehouse once per session.
func (s *Session) warehouse() (warehouse.FS, error) {
	if s.fs == nil {
		fsys, err := s.opts.Endpoints.OpenWarehouse()
		if err != nil {
			return nil, err
		}
		s.fs = fsys
	}
	return s.fs, nil
}

// Step is one step of the class (see lab/catalog) and its code.
type Step struct {
	catalog.Step
	Run func(ctx context.Context, s *Session) error
}

// Steps returns the lab's steps in the class's order.
func Steps() []Step { return steps }

// ErrNoStep is returned for a step number the lab does not have.
var ErrNoStep = errors.New("no such step")

// Run runs the steps numbered only (all when empty) with the steps they need
// before them; the needed ones run quietly. It returns the session's summary.
func Run(ctx context.Context, opts Options, only ...int) (*Summary, error) {
	if opts.Topic == "" {
		opts.Topic = "events"
	}
	if opts.Trigger == 0 {
		opts.Trigger = time.Second
	}
	if opts.Names == nil {
		opts.Names = func(s string) string { return s }
	}
	if opts.Out == nil {
		opts.Out = io.Discard
	}
	plan, loud, err := plan(only)
	if err != nil {
		return nil, err
	}
	s := &Session{opts: opts}
	defer s.close()
	start := time.Now()
	skipped := map[int]string{}
	for _, st := range plan {
		if why := s.notRunnable(st, skipped); why != "" {
			skipped[st.N] = why
			s.Summary.NotRun = append(s.Summary.NotRun, fmt.Sprintf("step %d (%s): %s", st.N, st.Name, why))
			notRun(opts.Out, st, why)
			continue
		}
		if err := s.fillTopic(ctx, st, skipped); err != nil {
			return &s.Summary, fmt.Errorf("step %d (%s): %w", st.N, st.Name, err)
		}
		s.out = io.Discard
		if loud[st.N] {
			s.out = opts.Out
			banner(s.out, st)
		} else {
			fmt.Fprintf(opts.Out, "(step %d, %s, runs first, quietly)\n", st.N, st.Name)
		}
		if err := st.Run(ctx, s); err != nil {
			if errors.Is(err, todo.ErrNotImplemented) {
				why := "not solved yet: " + err.Error()
				skipped[st.N] = why
				s.Summary.NotRun = append(s.Summary.NotRun, fmt.Sprintf("step %d (%s): %s", st.N, st.Name, why))
				notRun(opts.Out, st, why)
				continue
			}
			return &s.Summary, fmt.Errorf("step %d (%s): %w", st.N, st.Name, err)
		}
	}
	s.Summary.Elapsed = time.Since(start)
	if len(only) == 0 {
		s.out = opts.Out
		s.Summary.Print(opts.Out)
	}
	printNotRun(opts.Out, s.Summary.NotRun)
	return &s.Summary, nil
}

// Check returns the error Run gives for step numbers that the lab does not
// have (ErrNoStep), before anything runs.
func Check(only ...int) error {
	_, _, err := plan(only)
	return err
}

// plan orders the steps to run: every step when only is empty, else the
// asked-for ones and, before them, what they need.
func plan(only []int) ([]Step, map[int]bool, error) {
	byN := map[int]Step{}
	for _, st := range steps {
		byN[st.N] = st
	}
	loud := map[int]bool{}
	if len(only) == 0 {
		for _, st := range steps {
			loud[st.N] = true
		}
		return steps, loud, nil
	}
	want := map[int]bool{}
	var add func(n int) error
	add = func(n int) error {
		st, ok := byN[n]
		if !ok {
			return fmt.Errorf("step %d: %w (the lab's steps are %s)", n, ErrNoStep, stepList())
		}
		if want[n] {
			return nil
		}
		want[n] = true
		for _, d := range st.Needs {
			if err := add(d); err != nil {
				return err
			}
		}
		return nil
	}
	for _, n := range only {
		if err := add(n); err != nil {
			return nil, nil, err
		}
		loud[n] = true
	}
	var out []Step
	for _, st := range steps {
		if want[st.N] {
			out = append(out, st)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].N < out[j].N })
	return out, loud, nil
}

func stepList() string {
	var parts []string
	for _, st := range steps {
		parts = append(parts, fmt.Sprintf("%d %s", st.N, st.Name))
	}
	return strings.Join(parts, ", ")
}

func banner(w io.Writer, st Step) {
	title := fmt.Sprintf("── Step %d · %s: %s ", st.N, st.Name, st.Title)
	if n := 78 - len([]rune(title)); n > 0 {
		title += strings.Repeat("─", n)
	}
	fmt.Fprintf(w, "\n%s\n", title)
}

// narrate prints the class's command and the lab's own.
func (s *Session) narrate(class, lab string) {
	fmt.Fprintf(s.out, "\nclass$ %s\n  lab$ %s\n\n", class, lab)
}

func (s *Session) printf(format string, args ...any) { fmt.Fprintf(s.out, format, args...) }

func (s *Session) close() {
	if s.fs != nil {
		s.fs.Close()
	}
	if s.hms != nil {
		s.hms.Close()
	}
	if s.api != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		s.api.Shutdown(ctx)
	}
}
