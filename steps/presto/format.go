package presto

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Output formats, as the Presto CLI's --output-format names them.
const (
	Aligned   = "ALIGNED"
	Vertical  = "VERTICAL"
	CSV       = "CSV"
	CSVHeader = "CSV_HEADER"
	TSV       = "TSV"
	TSVHeader = "TSV_HEADER"
	JSON      = "JSON"
	Null      = "NULL"
)

// Formats lists the output formats.
var Formats = []string{Aligned, Vertical, CSV, CSVHeader, TSV, TSVHeader, JSON, Null}

// Printer prints a result row by row.
type Printer interface {
	Row(cols []Column, row []any) error
	// Finish ends the result (the aligned table is printed here).
	Finish(cols []Column) error
}

// NewPrinter returns the printer of format (case-insensitive) writing to w.
func NewPrinter(format string, w io.Writer) (Printer, error) {
	switch strings.ToUpper(format) {
	case Aligned:
		return &alignedPrinter{w: w}, nil
	case Vertical:
		return &verticalPrinter{w: w}, nil
	case CSV, CSVHeader:
		return &delimitedPrinter{w: w, header: strings.EqualFold(format, CSVHeader), sep: ",", quote: csvQuote}, nil
	case TSV, TSVHeader:
		return &delimitedPrinter{w: w, header: strings.EqualFold(format, TSVHeader), sep: "\t", quote: tsvEscaper.Replace}, nil
	case JSON:
		return &jsonPrinter{w: w}, nil
	case Null:
		return nullPrinter{}, nil
	}
	return nil, fmt.Errorf("%w %q (one of %s)", ErrUnknownFormat, format, strings.Join(Formats, ", "))
}

// Print prints a whole result in format.
func Print(w io.Writer, format string, res Result) error {
	p, err := NewPrinter(format, w)
	if err != nil {
		return err
	}
	for _, r := range res.Rows {
		if err := p.Row(res.Columns, r); err != nil {
			return err
		}
	}
	return p.Finish(res.Columns)
}

// delimitedPrinter prints one line per row, its fields escaped by quote and
// joined by sep, after a header line of the column names when header is set:
// the CLI's CSV (every value quoted; NULL is empty) and TSV (tabs, newlines and
// backslashes escaped).
type delimitedPrinter struct {
	w      io.Writer
	header bool
	begun  bool
	sep    string
	quote  func(string) string
}

func csvQuote(f string) string { return `"` + strings.ReplaceAll(f, `"`, `""`) + `"` }

var tsvEscaper = strings.NewReplacer("\\", "\\\\", "\t", "\\t", "\n", "\\n", "\r", "\\r")

func (p *delimitedPrinter) begin(cols []Column) error {
	if p.begun {
		return nil
	}
	p.begun = true
	if !p.header || len(cols) == 0 {
		return nil
	}
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
	}
	return p.write(names)
}

func (p *delimitedPrinter) write(fields []string) error {
	q := make([]string, len(fields))
	for i, f := range fields {
		q[i] = p.quote(f)
	}
	_, err := io.WriteString(p.w, strings.Join(q, p.sep)+"\n")
	return err
}

func (p *delimitedPrinter) Row(cols []Column, row []any) error {
	if err := p.begin(cols); err != nil {
		return err
	}
	fields := make([]string, len(row))
	for i, v := range row {
		fields[i] = formatValue(v, typeOf(cols, i), "")
	}
	return p.write(fields)
}

func (p *delimitedPrinter) Finish(cols []Column) error { return p.begin(cols) }

// jsonPrinter prints one JSON object per row, keyed by column name.
type jsonPrinter struct{ w io.Writer }

func (p *jsonPrinter) Row(cols []Column, row []any) error {
	var b strings.Builder
	b.WriteByte('{')
	for i, v := range row {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(cols[i].Name)
		if base, _ := splitType(typeOf(cols, i)); base == "varbinary" && v != nil {
			v = formatValue(v, "varbinary", "") // the CLI's hex dump, as in its other formats
		}
		val, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("json output: %w", err)
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(val)
	}
	b.WriteString("}\n")
	_, err := io.WriteString(p.w, b.String())
	return err
}

func (p *jsonPrinter) Finish([]Column) error { return nil }

type nullPrinter struct{}

func (nullPrinter) Row([]Column, []any) error { return nil }
func (nullPrinter) Finish([]Column) error     { return nil }

func typeOf(cols []Column, i int) string {
	if i < len(cols) {
		return cols[i].Type
	}
	return ""
}
