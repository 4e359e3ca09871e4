package presto

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// alignedPrinter prints the Presto CLI's table: the header centred, values
// left-aligned (numbers right-aligned), one space of padding, then (N rows).
type alignedPrinter struct {
	w    io.Writer
	rows [][]string
	num  [][]bool // the value came as a JSON number: right-aligned
}

func (p *alignedPrinter) Row(cols []Column, row []any) error {
	cells := make([]string, len(row))
	num := make([]bool, len(row))
	for i, v := range row {
		cells[i] = formatValue(v, typeOf(cols, i), "NULL")
		num[i] = isNumber(v, typeOf(cols, i))
	}
	p.rows = append(p.rows, cells)
	p.num = append(p.num, num)
	return nil
}

func (p *alignedPrinter) Finish(cols []Column) error {
	// BEGIN SOLUTION: print the rows as the Presto CLI's aligned table: centred header, | separators, (N rows)
	if len(cols) == 0 {
		return nil
	}
	width := make([]int, len(cols))
	for i, c := range cols {
		width[i] = max(1, utf8.RuneCountInString(c.Name))
	}
	for _, r := range p.rows {
		for i, c := range r {
			if i < len(width) {
				width[i] = max(width[i], maxLineWidth(c))
			}
		}
	}
	var b strings.Builder
	for i, c := range cols {
		if i > 0 {
			b.WriteByte('|')
		}
		b.WriteString(center(c.Name, width[i], 1))
	}
	b.WriteByte('\n')
	for i := range cols {
		if i > 0 {
			b.WriteByte('+')
		}
		b.WriteString(strings.Repeat("-", width[i]+2))
	}
	b.WriteByte('\n')
	for ri, r := range p.rows {
		// A value with newlines takes several lines, as in the CLI.
		lines := 1
		split := make([][]string, len(r))
		for i, c := range r {
			split[i] = strings.Split(c, "\n")
			lines = max(lines, len(split[i]))
		}
		for l := 0; l < lines; l++ {
			for i := range cols {
				if i > 0 {
					b.WriteByte('|')
				}
				s := ""
				if i < len(split) && l < len(split[i]) {
					s = split[i][l]
				}
				pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(s))
				if i < len(p.num[ri]) && p.num[ri][i] {
					b.WriteString(" " + pad + s + " ")
				} else {
					b.WriteString(" " + s + pad + " ")
				}
			}
			b.WriteByte('\n')
		}
	}
	n := len(p.rows)
	plural := "s"
	if n == 1 {
		plural = ""
	}
	fmt.Fprintf(&b, "(%d row%s)\n", n, plural)
	_, err := io.WriteString(p.w, b.String())
	return err
	// END SOLUTION
}

// center pads s to width, centred, with padding spaces either side (the CLI's header).
func center(s string, width, padding int) string {
	w := utf8.RuneCountInString(s)
	left := (width-w)/2 + padding
	right := width - (left + w) + 2*padding
	return strings.Repeat(" ", left) + s + strings.Repeat(" ", right)
}

func maxLineWidth(s string) int {
	m := 0
	for _, l := range strings.Split(s, "\n") {
		m = max(m, utf8.RuneCountInString(l))
	}
	return m
}

// verticalPrinter prints each row as a record: -[ RECORD n ]- then name | value lines.
type verticalPrinter struct {
	w io.Writer
	n int
}

func (p *verticalPrinter) Row(cols []Column, row []any) error {
	p.n++
	width := 0
	for _, c := range cols {
		width = max(width, utf8.RuneCountInString(c.Name))
	}
	var b strings.Builder
	header := fmt.Sprintf("-[ RECORD %d ]", p.n)
	b.WriteString(header + strings.Repeat("-", max(0, width+3-len(header))) + "\n")
	for i, v := range row {
		name := cols[i].Name
		fmt.Fprintf(&b, "%s%s | %s\n", name, strings.Repeat(" ", width-utf8.RuneCountInString(name)), formatValue(v, cols[i].Type, "NULL"))
	}
	_, err := io.WriteString(p.w, b.String())
	return err
}

func (p *verticalPrinter) Finish(cols []Column) error {
	if p.n == 0 && len(cols) > 0 {
		_, err := io.WriteString(p.w, "(no rows)\n")
		return err
	}
	return nil
}
