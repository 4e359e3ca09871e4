package presto

import (
	"fmt"
	"io"
	"time"
)

// printStats prints the CLI's footer after a query at the prompt:
//
//	Query 20180404_224746_00009_zsma3, FINISHED, 1 node
//	Splits: 2 total, 1 done (50.00%)
//	0:00 [1 rows, 34B] [10 rows/s, 342B/s]
func printStats(w io.Writer, res Result) {
	st := res.Stats
	nodes := "nodes"
	if st.Nodes == 1 {
		nodes = "node"
	}
	fmt.Fprintf(w, "Query %s, %s, %d %s\n", res.QueryID, st.State, st.Nodes, nodes)
	pct := 0.0
	if st.TotalSplits > 0 {
		pct = 100 * float64(st.CompletedSplits) / float64(st.TotalSplits)
	}
	fmt.Fprintf(w, "Splits: %d total, %d done (%.2f%%)\n", st.TotalSplits, st.CompletedSplits, pct)
	secs := st.Elapsed.Seconds()
	rate := func(n int64) float64 {
		if secs <= 0 {
			return 0
		}
		return float64(n) / secs
	}
	fmt.Fprintf(w, "%s [%s rows, %s] [%s rows/s, %s/s]\n", formatElapsed(st.Elapsed),
		formatCount(float64(st.ProcessedRows)), formatBytes(float64(st.ProcessedBytes)),
		formatCount(rate(st.ProcessedRows)), formatBytes(rate(st.ProcessedBytes)))
}

func formatElapsed(d time.Duration) string {
	s := int(d.Seconds())
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// formatCount prints 10, 1.23K, 45.6M as the CLI does.
func formatCount(n float64) string {
	units := []string{"", "K", "M", "B", "T"}
	u := 0
	for n >= 1000 && u < len(units)-1 {
		n /= 1000
		u++
	}
	if u == 0 {
		return fmt.Sprintf("%.0f", n)
	}
	return shortNumber(n) + units[u]
}

// formatBytes prints 34B, 2.31KB, 45.6MB.
func formatBytes(n float64) string {
	units := []string{"B", "KB", "MB", "GB", "TB"}
	u := 0
	for n >= 1024 && u < len(units)-1 {
		n /= 1024
		u++
	}
	if u == 0 {
		return fmt.Sprintf("%.0fB", n)
	}
	return shortNumber(n) + units[u]
}

func shortNumber(n float64) string {
	switch {
	case n < 10:
		return fmt.Sprintf("%.2f", n)
	case n < 100:
		return fmt.Sprintf("%.1f", n)
	}
	return fmt.Sprintf("%.0f", n)
}
