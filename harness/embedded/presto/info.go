package presto

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"time"
)

// Version is what /v1/info reports as the node version.
const Version = "0.297-embedded-duckdb"

// handleInfo is GET /v1/info: the node is up and not starting.
func (s *Server) handleInfo(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, map[string]any{
		"nodeVersion": map[string]any{"version": Version},
		"environment": "lab",
		"coordinator": true,
		"starting":    false,
		"uptime":      fmt.Sprintf("%.2fm", time.Since(s.started).Minutes()),
	})
}

func (s *Server) handleInfoState(w http.ResponseWriter, _ *http.Request) { writeJSON(w, "ACTIVE") }

func (s *Server) handleCluster(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	running, queued := 0, 0
	for _, q := range s.queries {
		q.mu.Lock()
		switch q.state {
		case stateRunning:
			running++
		case stateQueued:
			queued++
		}
		q.mu.Unlock()
	}
	s.mu.Unlock()
	writeJSON(w, map[string]any{"runningQueries": running, "queuedQueries": queued, "blockedQueries": 0,
		"activeWorkers": 1, "runningDrivers": running, "reservedMemory": 0, "totalInputRows": 0, "totalInputBytes": 0, "totalCpuTimeSecs": 0})
}

// queryInfo is the part of Presto's QueryInfo (GET /v1/query/{id}) this server fills.
type queryInfo struct {
	QueryID   string          `json:"queryId"`
	State     string          `json:"state"`
	Query     string          `json:"query"`
	Self      string          `json:"self"`
	Session   map[string]any  `json:"session"`
	ErrorType string          `json:"errorType,omitempty"`
	ErrorCode *infoErrorCode  `json:"errorCode,omitempty"`
	Failure   *queryError     `json:"failureInfo,omitempty"`
	Stats     json.RawMessage `json:"queryStats"`
}

type infoErrorCode struct {
	Code int    `json:"code"`
	Name string `json:"name"`
	Type string `json:"type"`
}

func (s *Server) info(r *http.Request, q *query) queryInfo {
	q.mu.Lock()
	defer q.mu.Unlock()
	st, _ := json.Marshal(map[string]any{
		"createTime":    q.created.UTC().Format(time.RFC3339Nano),
		"elapsedTime":   fmt.Sprintf("%dms", q.statsLocked().ElapsedTimeMillis),
		"processedRows": q.rows,
	})
	qi := queryInfo{QueryID: q.id, State: q.state, Query: q.sql, Self: s.infoURI(r, q), Stats: st,
		Session: map[string]any{"user": q.session.User, "source": q.session.Source,
			"catalog": q.session.Catalog, "schema": q.session.Schema}}
	if q.err != nil {
		qi.ErrorType = q.err.ErrorType
		qi.ErrorCode = &infoErrorCode{Code: q.err.ErrorCode, Name: q.err.ErrorName, Type: q.err.ErrorType}
		qi.Failure = q.err
	}
	return qi
}

// handleQueryInfo is GET /v1/query/{id}: for the query's own user only.
func (s *Server) handleQueryInfo(w http.ResponseWriter, r *http.Request) {
	q := s.lookupUser(r.PathValue("id"), header(r, "User"))
	if q == nil {
		http.Error(w, "Query not found", http.StatusGone)
		return
	}
	writeJSON(w, s.info(r, q))
}

// handleQueryList is GET /v1/query: the queries of the asking user (X-Presto-User) only.
func (s *Server) handleQueryList(w http.ResponseWriter, r *http.Request) {
	user := header(r, "User")
	s.mu.Lock()
	qs := make([]*query, 0, len(s.queries))
	for _, q := range s.queries {
		if user != "" && q.session.User == user {
			qs = append(qs, q)
		}
	}
	s.mu.Unlock()
	sort.Slice(qs, func(i, j int) bool { return qs[i].id < qs[j].id })
	out := make([]queryInfo, len(qs))
	for i, q := range qs {
		out[i] = s.info(r, q)
	}
	writeJSON(w, out)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}
