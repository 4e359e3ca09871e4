package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"time"

	"github.com/fullstack-lab/fullstack-lab/steps/serve"
	"github.com/spf13/cobra"
)

// serveOptions are lab serve's flags.
type serveOptions struct {
	Config serve.Config
	// Bare answers without Kafka (the HTTP ceiling for make bench).
	Bare bool
}

func newServeCmd(g *globals) *cobra.Command {
	var opts serveOptions
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the game API that logs each request to Kafka (replaces `flask run` of game_api.py)",
		Long: `Run the class's game API (game_api.py) in Go.

  GET /                  logs {"event_type": "default"}         answers "This is the default response!"
  GET /purchase_a_sword  logs {"event_type": "purchase_sword"}  answers "Sword Purchased!"

Every request header (Host included) is merged into the event, as Flask's
event.update(request.headers) does, and the event is produced to Kafka. The 200
is sent only once Kafka acknowledged the event; when Kafka cannot take it the
client gets a 503. Ctrl-C stops it after the requests in flight are logged.`,
		Example: `  lab serve
  lab serve --addr 127.0.0.1:5000 --topic events`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return opts.run(cmd.Context(), g, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().StringVar(&opts.Config.Addr, "addr", "127.0.0.1:5000", "address to listen on")
	cmd.Flags().StringVar(&opts.Config.Topic, "topic", "events", "Kafka topic of the events")
	g.addEndpoints(cmd, false, kafkaFlag)
	cmd.Flags().DurationVar(&opts.Config.Linger, "linger", 0, "how long a produce request waits, under load, for the events of the requests being read (default 1ms; negative: never)")
	cmd.Flags().MarkHidden("linger")
	cmd.Flags().BoolVar(&opts.Bare, "bare", false, "answer without logging anything (the HTTP ceiling for `make bench`)")
	cmd.Flags().MarkHidden("bare")
	return cmd
}

// run serves the game API until ctx ends or the stack goes.
func (o serveOptions) run(ctx context.Context, g *globals, out, errOut io.Writer) error {
	cfg := o.Config
	if os.Getenv("GOGC") == "" {
		// Each request allocates its event and its wait: trading memory
		// for fewer collections serves more requests per core.
		debug.SetGCPercent(400)
	}
	if o.Bare {
		return serveBare(ctx, cfg.Addr, out)
	}
	bs, err := g.brokers()
	if err != nil {
		return err
	}
	cfg.Brokers = bs
	cfg.ErrorLog = log.New(errOut, "", log.LstdFlags)
	s, err := serve.New(cfg)
	if err != nil {
		return err
	}
	if err := s.Listen(); err != nil {
		return err
	}
	fmt.Fprintf(out, " * Serving the game API on %s, logging to topic %s on %s\n * Press CTRL+C to quit\n", s.URL(), cfg.Topic, cfg.Brokers[0])
	errc := make(chan error, 1)
	go func() { errc <- s.Serve() }()
	var gone <-chan error
	if g.endpoints.kafka == "" {
		if st, err := g.attach(); err == nil {
			gone = stackWatch{State: st}.run(ctx)
		}
	}
	var why error
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	case why = <-gone:
		fmt.Fprintf(errOut, "serve: %v: stopping the game API\n", why)
	}
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.Shutdown(sctx); err != nil && why == nil {
		return err
	}
	if why != nil {
		return fmt.Errorf("serve: %w", why)
	}
	return nil
}

// serveBare answers the routes without Kafka until Ctrl-C.
func serveBare(ctx context.Context, addr string, out io.Writer) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, " * Serving the bare routes (nothing logged) on http://%s\n", ln.Addr())
	srv := &http.Server{Handler: serve.Bare(serve.DefaultRoutes), ReadHeaderTimeout: 10 * time.Second}
	go func() { <-ctx.Done(); srv.Close() }()
	if err := srv.Serve(ln); err != http.ErrServerClosed {
		return err
	}
	return nil
}
