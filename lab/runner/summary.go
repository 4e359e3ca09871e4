package runner

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

// Summary is what a session did, figure by figure.
type Summary struct {
	Requests       int      // requests the bench runs completed
	Failed         int      // requests that failed or were not 2xx
	PurchasesSent  int64    // requests to /purchase_a_sword answered 2xx
	EventsProduced int      // events on the topic, counted by the tail step
	RowsWritten    int64    // Parquet rows the batch extract wrote
	Skipped        int64    // bad records extract skipped
	ExplicitRows   int64    // rows of the explicit-schema batch
	Tables         []string // tables the session created
	PrestoRows     int64    // rows of select * from purchases
	PrestoByHost   string   // select host, count(*) ... group by host
	// StreamConsoleRows are the purchase rows of the console stream's second batch.
	StreamConsoleRows int64
	StreamBatches     int   // batches the Parquet stream wrote
	StreamRows        int64 // rows the Parquet stream wrote
	// StreamTableRows is select count(*) from sword_purchases, through Presto.
	StreamTableRows string
	// NotRun names the steps that did not run and why (a student's tree).
	NotRun  []string
	Elapsed time.Duration
}

// Print writes the closing summary.
func (s *Summary) Print(w io.Writer) {
	fmt.Fprintf(w, "\n── Summary %s\n", dashes(68))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "requests sent by bench\t%d (%d failed)\n", s.Requests, s.Failed)
	fmt.Fprintf(tw, "events on the topic\t%d\n", s.EventsProduced)
	fmt.Fprintf(tw, "purchase rows written by extract\t%d (%d bad records skipped)\n", s.RowsWritten, s.Skipped)
	fmt.Fprintf(tw, "tables\t%s\n", strings.Join(s.Tables, ", "))
	fmt.Fprintf(tw, "select * from purchases (Presto)\t%d rows; by host: %s\n", s.PrestoRows, s.PrestoByHost)
	fmt.Fprintf(tw, "rows of the explicit-schema batch\t%d\n", s.ExplicitRows)
	fmt.Fprintf(tw, "Parquet stream\t%d rows in %d batches; count(*) of its table through Presto: %s\n", s.StreamRows, s.StreamBatches, s.StreamTableRows)
	fmt.Fprintf(tw, "time\t%.1fs\n", s.Elapsed.Seconds())
	tw.Flush()
}

func dashes(n int) string {
	b := make([]rune, n)
	for i := range b {
		b[i] = '─'
	}
	return string(b)
}
