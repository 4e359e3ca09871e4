package presto

import (
	"os"
	"strings"
)

// history is the prompt's history, kept in a file one entry a line (as
// ~/.presto_history) so the next session's up arrow finds it.
type history struct {
	path    string
	entries []string // oldest first
}

const maxHistory = 1000

func openHistory(path string) *history {
	h := &history{path: path}
	if path == "" {
		return h
	}
	if b, err := os.ReadFile(path); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if strings.TrimSpace(l) != "" {
				h.entries = append(h.entries, l)
			}
		}
	}
	if n := len(h.entries); n > maxHistory {
		h.entries = h.entries[n-maxHistory:]
	}
	return h
}

// Add records a line and appends it to the file (errors only lose history).
func (h *history) Add(entry string) {
	if strings.TrimSpace(entry) == "" || len(h.entries) > 0 && h.entries[len(h.entries)-1] == entry {
		return
	}
	h.entries = append(h.entries, entry)
	if len(h.entries) > maxHistory {
		h.entries = h.entries[1:]
	}
	if h.path == "" {
		return
	}
	if f, err := os.OpenFile(h.path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600); err == nil {
		f.WriteString(entry + "\n")
		f.Close()
	}
}

// Len is the number of entries.
func (h *history) Len() int { return len(h.entries) }

// At is entry i, 0 the most recent.
func (h *history) At(i int) string { return h.entries[len(h.entries)-1-i] }
