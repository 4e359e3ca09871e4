package presto

import (
	"crypto/rand"
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
