package presto

import (
	"context"
	"errors"
	"sync"
	"time"
)

// session is what a query's request headers set.
type session struct {
	User, Source, Catalog, Schema, TimeZone string
}

// page is what a running query hands to the client's next fetch.
type page struct {
	columns []column
	rows    [][]any
	final   bool
	err     *queryError
}

// query is one statement: produced by its own goroutine, fetched page by
// page through nextUri tokens.
type query struct {
	id      string
	slug    string // the secret part of the query's nextUri, as Presto's
	sql     string
	session session
	created time.Time

	ctx    context.Context
	cancel context.CancelCauseFunc
	pages  chan page

	fetch sync.Mutex // one fetch at a time

	mu        sync.Mutex
	state     string
	columns   []column
	token     int           // the token the next fetch must carry
	last      *queryResults // the answer to token-1, for a retried fetch
	done      bool          // the final answer was produced
	ended     time.Time
	rows      int64
	bytes     int64
	err       *queryError
	lastSeen  time.Time
	setSchema string // USE: the schema the client should switch to
	setCat    string
}

// causeCanceled and causeAbandoned are the causes of a query's cancellation.
var (
	causeCanceled  = errors.New("query was canceled")
	causeAbandoned = errors.New("query was abandoned by the client")
)

// emit hands p to the client; it returns false once the query is canceled.
func (q *query) emit(p page) bool {
	select {
	case q.pages <- p:
		return true
	case <-q.ctx.Done():
		return false
	}
}

func (q *query) setState(s string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.state != stateFinished && q.state != stateFailed {
		q.state = s
	}
}

// canceledError is the error of a query canceled by DELETE or abandoned.
func (q *query) canceledError() *queryError {
	if errors.Is(context.Cause(q.ctx), causeAbandoned) {
		return newError(errAbandoned, "Query "+q.id+" has not been accessed since "+q.lastAccess().Format(time.RFC3339), nil)
	}
	return newError(errUserCanceled, "Query was canceled", nil)
}

func (q *query) lastAccess() time.Time {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.lastSeen
}

// stats are the query's statement stats as of now.
func (q *query) stats() statementStats {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.statsLocked()
}

func (q *query) statsLocked() statementStats {
	end := time.Now()
	if !q.ended.IsZero() {
		end = q.ended
	}
	elapsed := end.Sub(q.created).Milliseconds()
	st := statementStats{
		State: q.state, Queued: q.state == stateQueued, Scheduled: q.state != stateQueued,
		Nodes: 1, TotalSplits: 1, ElapsedTimeMillis: elapsed, WallTimeMillis: elapsed, CPUTimeMillis: elapsed,
		ProcessedRows: q.rows, ProcessedBytes: q.bytes,
	}
	switch q.state {
	case stateQueued:
		st.QueuedSplits = 1
	case stateRunning:
		st.RunningSplits = 1
	default:
		st.CompletedSplits = 1
	}
	return st
}
