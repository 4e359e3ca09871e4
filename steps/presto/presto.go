package presto

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	client "github.com/prestodb/presto-go-client/v2"
)

// Config is the Presto CLI's command line.
type Config struct {
	// Server is the coordinator: http://host:port or host:port (as the CLI's --server).
	Server  string
	Catalog string
	Schema  string
	// User is sent as X-Presto-User (default: presto-go-client's).
	User string
	// Source is sent as X-Presto-Source (default "lab-presto").
	Source string
	// Execute runs these statements and exits (--execute).
	Execute string
	// File runs the statements of this file and exits (-f).
	File string
	// Format is the output format: ALIGNED, VERTICAL, CSV, CSV_HEADER, TSV,
	// TSV_HEADER, JSON or NULL. Empty means ALIGNED at the prompt and CSV with
	// --execute or -f, as the Presto CLI does.
	Format string
	// HistoryFile keeps the prompt's history across runs (empty: none).
	HistoryFile string
}

// Column is a result column: its name and Presto type (varchar, bigint, ...).
type Column struct {
	Name string
	Type string
}

// Stats are a query's final statistics, as the CLI's footer shows them.
type Stats struct {
	State           string
	Nodes           int
	TotalSplits     int
	CompletedSplits int
	ProcessedRows   int64
	ProcessedBytes  int64
	Elapsed         time.Duration
}

// Result is a query's whole answer.
type Result struct {
	QueryID string
	Columns []Column
	// Rows hold JSON values: nil, bool, string, json.Number, []any, map[string]any.
	Rows  [][]any
	Stats Stats
}

// Client runs statements on one Presto server within a session (catalog, schema).
type Client struct {
	session *client.Session
	server  string
}

// Connect returns a client for cfg's server and session. It does not dial:
// the first query does.
func Connect(cfg Config) (*Client, error) {
	server := strings.TrimRight(cfg.Server, "/")
	if server == "" {
		return nil, ErrNoServer
	}
	if !strings.Contains(server, "://") {
		server = "http://" + server
	}
	c, err := client.NewClient(server)
	if err != nil {
		return nil, fmt.Errorf("presto server %q: %w", cfg.Server, err)
	}
	s := c.NewSession()
	if cfg.Catalog != "" {
		s.Catalog(cfg.Catalog)
	}
	if cfg.Schema != "" {
		s.Schema(cfg.Schema)
	}
	if cfg.User != "" {
		s.User(cfg.User)
	}
	source := cfg.Source
	if source == "" {
		source = "lab-presto"
	}
	s.Source(source)
	return &Client{session: s, server: server}, nil
}

// Server is the coordinator's URL.
func (c *Client) Server() string { return c.server }

// Catalog and Schema are the session's, as USE left them.
func (c *Client) Catalog() string { return c.session.GetCatalog() }

// Schema is the session's schema.
func (c *Client) Schema() string { return c.session.GetSchema() }

// RowFunc receives each row of a result, after its columns are known.
type RowFunc func(cols []Column, row []any) error

// Stream runs one statement and hands each row to fn as it arrives. Canceling
// ctx cancels the query on the server. A failed query is a *QueryError.
func (c *Client) Stream(ctx context.Context, sql string, fn RowFunc) (Result, error) {
	var res Result
	start := time.Now()
	qr, _, err := c.session.Query(ctx, sql)
	if qr != nil {
		res.QueryID = qr.Id
	}
	if err != nil {
		return res, queryError(res.QueryID, err)
	}
	handle := func(qr *client.QueryResults) error {
		if res.Columns == nil && len(qr.Columns) > 0 {
			res.Columns = columns(qr.Columns)
		}
		for _, raw := range qr.Data {
			row, err := decodeRow(raw)
			if err != nil {
				return err
			}
			if fn != nil {
				if err := fn(res.Columns, row); err != nil {
					return err
				}
			}
		}
		return nil
	}
	err = qr.Drain(ctx, handle)
	if res.Columns == nil && len(qr.Columns) > 0 {
		res.Columns = columns(qr.Columns)
	}
	res.Stats = Stats{State: qr.Stats.State, Nodes: qr.Stats.Nodes, TotalSplits: qr.Stats.TotalSplits,
		CompletedSplits: qr.Stats.CompletedSplits, ProcessedRows: qr.Stats.ProcessedRows,
		ProcessedBytes: qr.Stats.ProcessedBytes, Elapsed: time.Since(start)}
	if err != nil {
		return res, queryError(res.QueryID, err)
	}
	if isUse(sql) {
		c.applyUse(sql)
	}
	return res, nil
}

// Query runs one statement and returns its whole answer.
func (c *Client) Query(ctx context.Context, sql string) (Result, error) {
	var rows [][]any
	res, err := c.Stream(ctx, sql, func(_ []Column, row []any) error {
		rows = append(rows, row)
		return nil
	})
	res.Rows = rows
	return res, err
}

func columns(cs []client.Column) []Column {
	out := make([]Column, len(cs))
	for i, c := range cs {
		out[i] = Column{Name: c.Name, Type: c.Type}
	}
	return out
}

// decodeRow decodes a JSON row keeping numbers exact (bigints above 2^53).
func decodeRow(raw json.RawMessage) ([]any, error) {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var row []any
	if err := d.Decode(&row); err != nil {
		return nil, fmt.Errorf("decode row: %w", err)
	}
	return row, nil
}

func queryError(id string, err error) error {
	var qe *client.QueryError
	if errors.As(err, &qe) {
		e := &QueryError{QueryID: id, Name: qe.ErrorName, Message: qe.Message, Err: err}
		if qe.ErrorLocation != nil {
			e.Line, e.Column = qe.ErrorLocation.LineNumber, qe.ErrorLocation.ColumnNumber
		}
		return e
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &QueryError{QueryID: id, Name: "USER_CANCELED", Message: "Query was canceled", Err: err}
	}
	return fmt.Errorf("error running command: %w", err)
}

// isUse reports whether sql is USE [catalog.]schema.
func isUse(sql string) bool {
	f := strings.Fields(strings.TrimSpace(sql))
	return len(f) >= 2 && strings.EqualFold(f[0], "use")
}

// applyUse switches the session as the server's X-Presto-Set-Schema asked.
func (c *Client) applyUse(sql string) {
	f := strings.Fields(strings.TrimSuffix(strings.TrimSpace(sql), ";"))
	parts := strings.Split(strings.Trim(f[1], `"`), ".")
	for i := range parts {
		parts[i] = strings.ToLower(strings.Trim(parts[i], `"`))
	}
	if len(parts) == 2 {
		c.session.Catalog(parts[0])
	}
	c.session.Schema(parts[len(parts)-1])
}
