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

func newServeCmd(g *globals) *cobra.Command {
	var cfg serve.Config
	var bare bool
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
			if os.Getenv("GOGC") == "" {
				// Each request allocates its event and its wait: trading memory
				// for fewer collections serves more requests per core.
				debug.SetGCPercent(400)
			}
			if bare {
				return serveBare(cmd.Context(), cfg.Addr, cmd.OutOrStdout())
			}
			bs, err := g.brokers()
			if err != nil {
				return err
			}
			cfg.Brokers = bs
			cfg.ErrorLog = log.New(cmd.ErrOrStderr(), "", log.LstdFlags)
			s, err := serve.New(cfg)
			if err != nil {
				return err
			}
			if err := s.Listen(); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), " * Serving the game API on %s, logging to topic %s on %s\n * Press CTRL+C to quit\n", s.URL(), cfg.Topic, cfg.Brokers[0])
			ctx := cmd.Context()
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
				fmt.Fprintf(cmd.ErrOrStderr(), "serve: %v: stopping the game API\n", why)
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
		},
	}
	cmd.Flags().StringVar(&cfg.Addr, "addr", "127.0.0.1:5000", "address to listen on")
	cmd.Flags().StringVar(&cfg.Topic, "topic", "events", "Kafka topic of the events")
	g.addEndpoints(cmd, false, kafkaFlag)
	cmd.Flags().BoolVar(&bare, "bare", false, "answer without logging anything (the HTTP ceiling for `make bench`)")
	cmd.Flags().MarkHidden("bare")
	return cmd
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
