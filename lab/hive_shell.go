package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness/hms"
	"github.com/fullstack-lab/fullstack-lab/steps/hive"
	"github.com/fullstack-lab/fullstack-lab/steps/presto"
)

// hiveShell runs the hive CLI's statements: DDL on the metastore (steps/hive),
// and SELECTs, and CREATE TABLE ... AS SELECT, through the stack's Presto,
// printed as the hive CLI prints them.
type hiveShell struct {
	Session *hive.Session
	// Presto is the stack's Presto coordinator (URL or host:port); empty when it has none.
	Presto string
	client *presto.Client
}

// errStatement ends a script at its first failed statement (already printed as FAILED: ...).
var errStatement = errors.New("hive: a statement failed")

var (
	queryRe = regexp.MustCompile(`(?is)^\s*(select|with|values)\b`)
	// CREATE [EXTERNAL] TABLE [IF NOT EXISTS] name [STORED AS fmt] [LOCATION 'p'] [TBLPROPERTIES (...)] AS SELECT ...
	ctasRe = regexp.MustCompile("(?is)^\\s*create\\s+(?:external\\s+)?table\\s+(if\\s+not\\s+exists\\s+)?([\\w.`]+)\\s*(.*?)\\s*\\bas\\s+((?:select|with)\\b.*)$")
)

// run runs each statement of script, stopping at the first that fails.
func (h *hiveShell) run(ctx context.Context, script string, out io.Writer) error {
	for _, src := range hive.Split(script) {
		text := strings.TrimSpace(src.Text)
		var err error
		switch {
		case ctasRe.MatchString(text):
			err = h.ctas(ctx, text, out)
		case queryRe.MatchString(text):
			err = h.query(ctx, text, out)
		default:
			// The DDL keeps its place in the script, for the line:col of its errors.
			at := strings.Repeat("\n", src.Line-1) + strings.Repeat(" ", src.Col-1) + src.Text
			if h.Session.Run(at, out) != nil {
				err = errStatement
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// prestoClient connects to the stack's Presto, in the session's database.
func (h *hiveShell) prestoClient(ctx context.Context) (*presto.Client, error) {
	if h.Presto == "" {
		return nil, errors.New("the stack has no Presto to run queries")
	}
	if err := dialPresto(ctx, h.Presto, prestoDialTimeout); err != nil {
		return nil, fmt.Errorf("cannot reach the stack's Presto at %s (%v)", h.Presto, err)
	}
	db := h.Session.DB
	if db == "" {
		db = hms.DefaultDatabase
	}
	if h.client == nil || h.client.Schema() != db {
		c, err := presto.Connect(presto.Config{Server: h.Presto, Catalog: "hive", Schema: db, Source: "lab-hive"})
		if err != nil {
			return nil, err
		}
		h.client = c
	}
	return h.client, nil
}

// query runs a SELECT through Presto and prints it as the hive CLI does:
// OK, the rows tab-separated, Time taken and the rows fetched.
func (h *hiveShell) query(ctx context.Context, text string, out io.Writer) error {
	start := time.Now()
	c, err := h.prestoClient(ctx)
	if err != nil {
		fmt.Fprintf(out, "FAILED: %v\n", err)
		return errStatement
	}
	n := 0
	ok := false
	_, err = c.Stream(ctx, hiveToPresto(text), func(_ []presto.Column, row []any) error {
		if !ok {
			fmt.Fprintln(out, "OK")
			ok = true
		}
		n++
		_, err := fmt.Fprintln(out, hiveRow(row))
		return err
	})
	if err != nil {
		fmt.Fprintf(out, "FAILED: %s\n", queryFailure(err))
		return errStatement
	}
	if !ok {
		fmt.Fprintln(out, "OK")
	}
	fmt.Fprintf(out, "Time taken: %.3f seconds, Fetched: %d row(s)\n", time.Since(start).Seconds(), n)
	return nil
}

// queryFailure is Presto's error in the hive CLI's words.
func queryFailure(err error) string {
	var qe *presto.QueryError
	if errors.As(err, &qe) {
		return fmt.Sprintf("SemanticException %s (%s, from the stack's Presto)", qe.Message, qe.Name)
	}
	return err.Error()
}

// hiveRow prints a row's values as the hive CLI does: tab-separated, NULL for null.
func hiveRow(row []any) string {
	fields := make([]string, len(row))
	for i, v := range row {
		switch v := v.(type) {
		case nil:
			fields[i] = "NULL"
		case string:
			fields[i] = v
		case json.Number:
			fields[i] = v.String()
		case bool:
			fields[i] = fmt.Sprint(v)
		default:
			b, _ := json.Marshal(v)
			fields[i] = string(b)
		}
	}
	return strings.Join(fields, "\t")
}

// hiveToPresto turns HiveQL's quoting into Presto's: `identifiers` become
// "identifiers", and "strings" (Hive's string literals) become 'strings'.
func hiveToPresto(text string) string {
	var b strings.Builder
	rs := []rune(text)
	for i := 0; i < len(rs); i++ {
		switch q := rs[i]; q {
		case '\'', '"', '`':
			j := i + 1
			var body strings.Builder
			for ; j < len(rs); j++ {
				if rs[j] == '\\' && j+1 < len(rs) && q != '`' {
					body.WriteRune(rs[j+1])
					j++
					continue
				}
				if rs[j] == q {
					if j+1 < len(rs) && rs[j+1] == q {
						body.WriteRune(q)
						j++
						continue
					}
					break
				}
				body.WriteRune(rs[j])
			}
			switch q {
			case '`':
				b.WriteString(`"` + strings.ReplaceAll(body.String(), `"`, `""`) + `"`)
			default:
				b.WriteString("'" + strings.ReplaceAll(body.String(), "'", "''") + "'")
			}
			i = j
		default:
			b.WriteRune(q)
		}
	}
	return b.String()
}

// prompt reads statements at hive> until quit, exit or the end of input.
func (h *hiveShell) prompt(ctx context.Context, in io.Reader, out io.Writer) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 16<<20)
	var buf strings.Builder
	for {
		if buf.Len() == 0 {
			fmt.Fprint(out, "hive> ")
		} else {
			fmt.Fprint(out, "    > ")
		}
		if !sc.Scan() {
			fmt.Fprintln(out)
			return sc.Err()
		}
		line := sc.Text()
		if buf.Len() == 0 {
			switch strings.ToLower(strings.TrimSuffix(strings.TrimSpace(line), ";")) {
			case "quit", "exit":
				return nil
			case "":
				continue
			}
		}
		buf.WriteString(line + "\n")
		if !strings.HasSuffix(strings.TrimSpace(buf.String()), ";") {
			continue
		}
		script := buf.String()
		buf.Reset()
		if err := h.run(ctx, script, out); err != nil && !errors.Is(err, errStatement) {
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
}
