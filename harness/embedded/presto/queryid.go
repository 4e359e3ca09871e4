package presto

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"sync/atomic"
	"time"
)

// queryIDs mints query ids as a Presto coordinator does:
// 20180404_224746_00009_zsma3 (UTC start time, a counter, the coordinator's id).
type queryIDs struct {
	coordinator string
	seq         atomic.Int64
}

func newQueryIDs() *queryIDs {
	const letters = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 5)
	rand.Read(b)
	for i := range b {
		b[i] = letters[int(b[i])%len(letters)]
	}
	return &queryIDs{coordinator: string(b)}
}

func (q *queryIDs) next(now time.Time) string {
	n := q.seq.Add(1) - 1
	return fmt.Sprintf("%s_%05d_%s", now.UTC().Format("20060102_150405"), n%100000, q.coordinator)
}

// newSlug is the unguessable part of a query's nextUri (Presto puts one in
// every nextUri): 128 random bits, so that a query's pages and its
// cancellation are reachable only through the URIs its client was given.
func newSlug() string {
	b := make([]byte, 16)
	rand.Read(b)
	return "y" + hex.EncodeToString(b)
}

// lookupSlug is the query id whose slug is slug, nil for any other slug.
func (s *Server) lookupSlug(id, slug string) *query {
	q := s.lookup(id)
	if q == nil || subtle.ConstantTimeCompare([]byte(q.slug), []byte(slug)) != 1 {
		return nil
	}
	return q
}

// lookupUser is the query id when user started it, nil otherwise.
func (s *Server) lookupUser(id, user string) *query {
	q := s.lookup(id)
	if q == nil || user == "" || q.session.User != user {
		return nil
	}
	return q
}
