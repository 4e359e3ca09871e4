package main

import (
	"context"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/fullstack-lab/fullstack-lab/steps/bench"
)

// benchOptions are ab's command line, as lab bench takes it.
type benchOptions struct {
	bench.Config
	// TimeLimit is -t, in seconds (0: none).
	TimeLimit int
}

func newBenchCmd(*globals) *cobra.Command {
	var opts benchOptions
	cmd := &cobra.Command{
		Use:   "bench [options] URL",
		Short: "Load the game API and print ab's report (replaces Apache Bench `ab`)",
		Long: `Apache Bench (ab) in Go: it replaces the class's 'ab -n 10 -H "Host: ..." URL'.

Send -n requests, -c at a time, and print Apache Bench's report: requests
per second, time per request, transfer rate, connection times and percentiles,
failed and non-2xx counts. Requests are HTTP/1.0 as ab sends them, with
User-Agent ApacheBench/2.3 and Accept */*; -H "Host: ..." sets the Host header.`,
		Example: `  lab bench -n 10 -H "Host: user1.comcast.com" http://localhost:5000/
  lab bench -n 20000 -c 50 -k http://127.0.0.1:5000/purchase_a_sword`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.URL = args[0]
			return opts.run(cmd.Context(), cmd.OutOrStdout())
		},
	}
	f := cmd.Flags()
	f.IntVarP(&opts.Requests, "requests", "n", 1, "number of requests to perform")
	f.IntVarP(&opts.Concurrency, "concurrency", "c", 1, "number of requests to make at a time")
	f.StringArrayVarP(&opts.Headers, "header", "H", nil, `add a header, e.g. "Host: user1.comcast.com" (repeatable)`)
	f.BoolVarP(&opts.KeepAlive, "keepalive", "k", false, "use HTTP keep-alive")
	f.IntVarP(&opts.TimeLimit, "timelimit", "t", 0, "seconds to spend at most (implies -n 50000 unless -n is given)")
	return cmd
}

func (o benchOptions) run(ctx context.Context, out io.Writer) error {
	cfg := o.Config
	if o.TimeLimit > 0 {
		cfg.TimeLimit = time.Duration(o.TimeLimit) * time.Second
	}
	res, err := bench.Run(ctx, cfg)
	if res != nil {
		bench.Banner(out, res.URL.Hostname())
		res.Report(out)
	}
	return err
}
