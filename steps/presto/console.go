package presto

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"golang.org/x/term"
)

// Run is the Presto CLI: with cfg.Execute or cfg.File it runs those
// statements and returns (the first failure stops it and is returned, as a
// *QueryError when the server failed the query); else it
// reads statements at the prompt presto:<schema>> until quit, exit or end of input.
func Run(ctx context.Context, cfg Config, in io.Reader, out io.Writer) error {
	c, err := Connect(cfg)
	if err != nil {
		return err
	}
	if cfg.Execute != "" || cfg.File != "" {
		format := cfg.Format
		if format == "" {
			format = CSV
		}
		if _, err := NewPrinter(format, io.Discard); err != nil {
			return err
		}
		text := cfg.Execute
		if cfg.File != "" {
			b, err := os.ReadFile(cfg.File)
			if err != nil {
				return fmt.Errorf("read statements: %w", err)
			}
			text = string(b)
		}
		return c.batch(ctx, text, format, out)
	}
	format := cfg.Format
	if format == "" {
		format = Aligned
	}
	if _, err := NewPrinter(format, io.Discard); err != nil {
		return err
	}
	return c.interactive(ctx, cfg, format, in, out)
}

// statements splits a script: every statement ended by ';', and a last one without.
func statements(text string) []string {
	stmts, rest := Split(text)
	if r := strings.TrimSpace(rest); r != "" && !onlyComments(r) {
		stmts = append(stmts, r)
	}
	return stmts
}

func (c *Client) batch(ctx context.Context, text, format string, out io.Writer) error {
	for _, stmt := range statements(text) {
		if _, err := c.Exec(ctx, stmt, format, out); err != nil {
			return err
		}
	}
	return nil
}

// Exec runs one statement and prints its result in format to w.
func (c *Client) Exec(ctx context.Context, stmt, format string, w io.Writer) (Result, error) {
	p, err := NewPrinter(format, w)
	if err != nil {
		return Result{}, err
	}
	res, err := c.Stream(ctx, stmt, p.Row)
	if err != nil {
		return res, err
	}
	return res, p.Finish(res.Columns)
}

// prompt is the CLI's prompt for a schema, and its continuation prompt.
func prompt(schema string) (string, string) {
	name := "presto"
	if schema != "" {
		name += ":" + schema
	}
	return name + "> ", strings.Repeat(" ", len(name)-1) + "-> "
}

// lineReader reads the prompt's lines: a terminal with line editing and
// history, or plain lines from a pipe.
type lineReader interface {
	readLine(prompt string) (string, error)
	// pause gives the terminal back to normal output while a query runs.
	pause()
	resume()
	close()
}

func (c *Client) interactive(ctx context.Context, cfg Config, format string, in io.Reader, out io.Writer) error {
	lr := newLineReader(in, out, cfg.HistoryFile)
	defer lr.close()
	var buf strings.Builder
	for {
		first, more := prompt(c.Schema())
		p := first
		if buf.Len() > 0 {
			p = more
		}
		line, err := lr.readLine(p)
		if errors.Is(err, errInterrupted) {
			buf.Reset()
			continue
		}
		if errors.Is(err, io.EOF) {
			fmt.Fprintln(out)
			return nil
		}
		if err != nil {
			return err
		}
		if buf.Len() == 0 {
			switch strings.ToLower(strings.TrimSuffix(strings.TrimSpace(line), ";")) {
			case "quit", "exit":
				return nil
			case "help":
				fmt.Fprint(out, helpText)
				continue
			case "":
				continue
			}
		}
		buf.WriteString(line + "\n")
		stmts, rest := Split(buf.String())
		buf.Reset()
		if strings.TrimSpace(rest) != "" {
			buf.WriteString(rest)
		}
		for _, stmt := range stmts {
			lr.pause()
			c.runAtPrompt(ctx, stmt, format, out)
			lr.resume()
		}
	}
}

// runAtPrompt runs one statement; Ctrl-C cancels it and returns to the prompt.
func (c *Client) runAtPrompt(ctx context.Context, stmt, format string, out io.Writer) {
	qctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	res, err := c.Exec(qctx, stmt, format, out)
	if err != nil {
		fmt.Fprintf(out, "%v\n\n", err)
		return
	}
	if len(res.Columns) > 0 || res.QueryID != "" {
		fmt.Fprintln(out)
		printStats(out, res)
		fmt.Fprintln(out)
	}
}

const helpText = `Supported commands:
QUIT
EXIT
USE [<catalog>.]<schema>
SHOW CATALOGS [LIKE <pattern>]
SHOW SCHEMAS [FROM <catalog>] [LIKE <pattern>]
SHOW TABLES [FROM <schema>] [LIKE <pattern>]
DESCRIBE <table>
SHOW COLUMNS FROM <table>
SELECT ... ;   (statements end with ';' and may span lines)

`

func newLineReader(in io.Reader, out io.Writer, historyFile string) lineReader {
	if f, ok := in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		if tr, err := newTermReader(f, out, historyFile); err == nil {
			return tr
		}
	}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 16<<20)
	return &pipeReader{sc: sc, out: out, history: openHistory(historyFile)}
}

// pipeReader reads lines from a pipe, printing the prompt before each.
type pipeReader struct {
	sc      *bufio.Scanner
	out     io.Writer
	history *history
}

func (p *pipeReader) readLine(prompt string) (string, error) {
	fmt.Fprint(p.out, prompt)
	if !p.sc.Scan() {
		if err := p.sc.Err(); err != nil {
			return "", err
		}
		return "", io.EOF
	}
	if l := p.sc.Text(); strings.TrimSpace(l) != "" {
		p.history.Add(l)
	}
	return p.sc.Text(), nil
}

func (p *pipeReader) pause()  {}
func (p *pipeReader) resume() {}
func (p *pipeReader) close()  {}

// termReader is a terminal in raw mode with line editing and history (arrow keys).
type termReader struct {
	f     *os.File
	t     *term.Terminal
	in    *ctrlC
	state *term.State
}

func newTermReader(f *os.File, out io.Writer, historyFile string) (*termReader, error) {
	st, err := term.MakeRaw(int(f.Fd()))
	if err != nil {
		return nil, err
	}
	in := &ctrlC{r: f}
	t := newTerminal(in, out, historyFile)
	if w, h, err := term.GetSize(int(f.Fd())); err == nil {
		t.SetSize(w, h)
	}
	return &termReader{f: f, t: t, in: in, state: st}, nil
}

func newTerminal(in io.Reader, out io.Writer, historyFile string) *term.Terminal {
	t := term.NewTerminal(struct {
		io.Reader
		io.Writer
	}{in, out}, "")
	t.History = openHistory(historyFile)
	return t
}

func (r *termReader) readLine(prompt string) (string, error) {
	r.t.SetPrompt(prompt)
	line, err := r.t.ReadLine()
	if err == nil && r.in.interrupted() {
		return "", errInterrupted
	}
	return line, err
}

func (r *termReader) pause() { term.Restore(int(r.f.Fd()), r.state) }

func (r *termReader) resume() {
	if st, err := term.MakeRaw(int(r.f.Fd())); err == nil {
		r.state = st
	}
}

func (r *termReader) close() { term.Restore(int(r.f.Fd()), r.state) }
