package presto

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The statement protocol: POST /v1/statement submits, GET nextUri fetches
// the next page until an answer has no nextUri, DELETE nextUri cancels.

const maxStatement = 1 << 20

func (s *Server) handleSubmit(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxStatement+1))
	if err != nil {
		http.Error(w, "read statement: "+err.Error(), http.StatusBadRequest)
		return
	}
	if len(body) > maxStatement {
		http.Error(w, "statement too large", http.StatusRequestEntityTooLarge)
		return
	}
	sqlText := string(body)
	if strings.TrimSpace(sqlText) == "" {
		http.Error(w, "SQL statement is empty", http.StatusBadRequest)
		return
	}
	sess := session{
		User:     header(r, "User"),
		Source:   header(r, "Source"),
		Catalog:  strings.ToLower(header(r, "Catalog")),
		Schema:   strings.ToLower(header(r, "Schema")),
		TimeZone: header(r, "Time-Zone"),
	}
	now := time.Now()
	ctx, cancel := context.WithCancelCause(context.Background())
	q := &query{
		id: s.ids.next(now), slug: newSlug(), sql: sqlText, session: sess, created: now,
		ctx: ctx, cancel: cancel, pages: make(chan page, 2),
		state: stateQueued, token: 1, lastSeen: now,
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		cancel(causeCanceled)
		http.Error(w, "server is shutting down", http.StatusServiceUnavailable)
		return
	}
	s.queries[q.id] = q
	s.mu.Unlock()
	go s.run(q)

	res := &queryResults{ID: q.id, InfoURI: s.infoURI(r, q), NextURI: s.nextURI(r, q, 1), Stats: q.stats(), Warnings: []any{}}
	writeResults(w, q, res)
}

// header reads X-Presto-<name>, or X-Trino-<name> from a Trino client.
func header(r *http.Request, name string) string {
	if v := r.Header.Get("X-Presto-" + name); v != "" {
		return v
	}
	return r.Header.Get("X-Trino-" + name)
}

func (s *Server) baseURL(r *http.Request) string {
	host := r.Host
	if host == "" {
		host = s.Addr()
	}
	return "http://" + host
}

func (s *Server) nextURI(r *http.Request, q *query, token int) string {
	return s.baseURL(r) + "/v1/statement/" + q.id + "/" + q.slug + "/" + strconv.Itoa(token)
}

func (s *Server) infoURI(r *http.Request, q *query) string {
	return s.baseURL(r) + "/v1/query/" + q.id
}

func (s *Server) handleFetch(w http.ResponseWriter, r *http.Request) {
	q := s.lookupSlug(r.PathValue("id"), r.PathValue("slug"))
	token, err := strconv.Atoi(r.PathValue("token"))
	if q == nil || err != nil {
		http.Error(w, "Query not found", http.StatusNotFound)
		return
	}
	q.fetch.Lock()
	defer q.fetch.Unlock()

	q.mu.Lock()
	q.lastSeen = time.Now()
	switch {
	case token == q.token-1 && q.last != nil: // the client retried
		res := q.last
		q.mu.Unlock()
		writeResults(w, q, res)
		return
	case token != q.token || q.done:
		q.mu.Unlock()
		http.Error(w, "Query "+q.id+" has no page "+strconv.Itoa(token), http.StatusNotFound)
		return
	}
	q.mu.Unlock()

	res := &queryResults{ID: q.id, InfoURI: s.infoURI(r, q), Warnings: []any{}}
	timer := time.NewTimer(s.cfg.wait)
	defer timer.Stop()
	var p page
	got := false
	select {
	case p = <-q.pages:
		got = true
	case <-timer.C:
	case <-q.ctx.Done():
		select { // a final page may be ready as well
		case p = <-q.pages:
			got = true
		default:
			p, got = page{final: true, err: q.canceledError()}, true
		}
	}

	q.mu.Lock()
	defer func() {
		q.last = res
		q.token++
		q.mu.Unlock()
		writeResults(w, q, res)
	}()
	if got && p.columns != nil {
		q.columns = p.columns
	}
	res.Columns = q.columns
	if got {
		res.Data = p.rows
		q.rows += int64(len(p.rows))
	}
	if got && p.final {
		q.done = true
		if q.ended.IsZero() {
			q.ended = time.Now()
		}
		if p.err != nil {
			q.state, q.err = stateFailed, p.err
			res.Error, res.Columns, res.Data = p.err, nil, nil
		} else {
			q.state = stateFinished
		}
		res.Stats = q.statsLocked()
		return
	}
	if q.state == stateQueued && got {
		q.state = stateRunning
	}
	res.NextURI = s.nextURI(r, q, q.token+1)
	res.Stats = q.statsLocked()
}

// handleCancel is DELETE nextUri: the client gave up on the query.
func (s *Server) handleCancel(w http.ResponseWriter, r *http.Request) {
	q := s.lookupSlug(r.PathValue("id"), r.PathValue("slug"))
	if q == nil {
		http.Error(w, "Query not found", http.StatusNotFound)
		return
	}
	q.cancel(causeCanceled)
	w.WriteHeader(http.StatusNoContent)
}

// handleKill is DELETE /v1/query/{id}, as `presto kill` and the web UI do:
// only the query's own user (X-Presto-User) may.
func (s *Server) handleKill(w http.ResponseWriter, r *http.Request) {
	q := s.lookupUser(r.PathValue("id"), header(r, "User"))
	if q == nil {
		http.Error(w, "Query not found", http.StatusNotFound)
		return
	}
	q.cancel(causeCanceled)
	w.WriteHeader(http.StatusNoContent)
}

func writeResults(w http.ResponseWriter, q *query, res *queryResults) {
	q.mu.Lock()
	if q.setCat != "" {
		w.Header().Set("X-Presto-Set-Catalog", q.setCat)
	}
	if q.setSchema != "" {
		w.Header().Set("X-Presto-Set-Schema", q.setSchema)
	}
	q.mu.Unlock()
	b, err := json.Marshal(res)
	if err != nil {
		http.Error(w, "encode results: "+err.Error(), http.StatusInternalServerError)
		return
	}
	q.mu.Lock()
	q.bytes += int64(len(b))
	q.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.Write(b)
}

// explain parses EXPLAIN [ANALYZE] [(options)] query and refuses it: the
// embedded server has no Presto plan to show.
func (s *Server) explain(stmt []token) *queryError {
	i := 1
	if i < len(stmt) && stmt[i].word("analyze") {
		// EXPLAIN ANALYZE t is EXPLAIN of the statement ANALYZE t.
		if i+1 < len(stmt) && (stmt[i+1].kind == tokIdent || stmt[i+1].kind == tokQuoted) && !stmt[i+1].word("select") &&
			!stmt[i+1].word("with") && !stmt[i+1].word("values") && !stmt[i+1].word("table") && !stmt[i+1].word("verbose") {
			return s.analyze(stmt, i)
		}
		i++
		if i < len(stmt) && stmt[i].word("verbose") {
			i++
		}
	}
	if i < len(stmt) && stmt[i].kind == tokSymbol && stmt[i].text == "(" {
		for i < len(stmt) && !(stmt[i].kind == tokSymbol && stmt[i].text == ")") {
			i++
		}
		i++
	}
	rest := stmt[min(i, len(stmt)):]
	p := &parser{toks: stmt, i: i}
	var qerr *queryError
	func() {
		defer func() {
			if r := recover(); r != nil {
				qe, ok := r.(*queryError)
				if !ok {
					panic(r)
				}
				qerr = qe
			}
		}()
		if len(rest) > 0 && (rest[0].word("select") || rest[0].word("with") || rest[0].word("values") || rest[0].word("table") || rest[0].text == "(") {
			p.query()
			if !p.eof() {
				p.fail()
			}
			return
		}
		p.fail()
	}()
	if qerr != nil {
		return qerr
	}
	return notSupported(pos{stmt[0].line, stmt[0].col}, "EXPLAIN")
}

// analyze parses ANALYZE name [WITH (...)] at stmt[at:] and refuses it.
func (s *Server) analyze(stmt []token, at int) (qerr *queryError) {
	defer func() {
		if r := recover(); r != nil {
			qe, ok := r.(*queryError)
			if !ok {
				panic(r)
			}
			qerr = qe
		}
	}()
	p := &parser{toks: stmt, i: at + 1}
	p.qualifiedName()
	if !p.eof() && !p.peek().word("with") {
		p.fail()
	}
	return notSupported(pos{stmt[0].line, stmt[0].col}, "ANALYZE")
}
