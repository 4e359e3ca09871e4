package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness/stack"
)

// stackWatch tells a long-running command (lab serve, lab stream) that the
// stack it attached to is gone, so that it stops with a clear message
// instead of failing against dead addresses forever.
type stackWatch struct {
	// State is the stack as the command attached to it.
	State stack.State
	// Every is the interval between two looks (default 1s).
	Every time.Duration
}

// errStackGone is the cause of a command stopped because its stack went away.
var errStackGone = errors.New("stack gone")

// run returns a channel that receives, once, why the stack is gone: its
// control endpoint does not answer any more, or another stack (another id)
// answers in its directory. It stops looking when ctx ends.
func (w stackWatch) run(ctx context.Context) <-chan error {
	if w.Every == 0 {
		w.Every = time.Second
	}
	gone := make(chan error, 1)
	go func() {
		t := time.NewTicker(w.Every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			if why := w.look(ctx); why != "" {
				gone <- fmt.Errorf("%w: the %s stack in %s %s", errStackGone, w.State.Backend, w.State.Dir, why)
				return
			}
		}
	}()
	return gone
}

// look says why the stack is gone, or "" while it runs.
func (w stackWatch) look(ctx context.Context) string {
	if w.State.Control == "" {
		if held, err := stack.LockHeld(w.State.Dir); err == nil && !held {
			return "stopped (lab down)"
		}
		return ""
	}
	cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	st, err := stack.FetchState(cctx, w.State.Control)
	var op *net.OpError
	switch {
	case ctx.Err() != nil:
		return ""
	case errors.As(err, &op):
		return "stopped (lab down): its control endpoint does not answer"
	case err == nil && w.State.ID != "" && st.ID != w.State.ID:
		return "was replaced by another `lab up`"
	}
	return ""
}
