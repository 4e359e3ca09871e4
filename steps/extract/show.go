package extract

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// DefaultShowRows and DefaultTruncate are Spark's show() defaults.
const (
	DefaultShowRows = 20
	DefaultTruncate = 20
)

// Show writes the first numRows rows of t as Spark's show(numRows, truncate)
// does: a table whose cells are right-aligned and cut to truncate characters
// ("..." ending the cut ones) when truncate > 0, and "only showing top N rows"
// when t has more rows than numRows.
func Show(w io.Writer, t Table, numRows, truncate int) error {
	rows := t.Rows
	more := len(rows) > numRows
	if more {
		rows = rows[:numRows]
	}
	cells := make([][]string, 0, len(rows)+1)
	cells = append(cells, t.Schema.Names())
	for _, r := range rows {
		line := make([]string, len(t.Schema))
		for i, c := range t.Schema {
			v := Null
			if i < len(r) {
				v = r[i]
			}
			line[i] = cut(v.Text(c.Type), truncate)
		}
		cells = append(cells, line)
	}
	widths := make([]int, len(t.Schema))
	for i := range widths {
		widths[i] = 3
		for _, line := range cells {
			widths[i] = max(widths[i], utf8.RuneCountInString(line[i]))
		}
	}
	var b strings.Builder
	sep := func() {
		for _, n := range widths {
			b.WriteString("+")
			b.WriteString(strings.Repeat("-", n))
		}
		b.WriteString("+\n")
	}
	line := func(cs []string) {
		for i, c := range cs {
			b.WriteString("|")
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
			if truncate > 0 {
				b.WriteString(pad + c)
			} else {
				b.WriteString(c + pad)
			}
		}
		b.WriteString("|\n")
	}
	sep()
	line(cells[0])
	sep()
	for _, cs := range cells[1:] {
		line(cs)
	}
	sep()
	if more {
		word := "rows"
		if numRows == 1 {
			word = "row"
		}
		fmt.Fprintf(&b, "only showing top %d %s\n", numRows, word)
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func cut(s string, truncate int) string {
	if truncate <= 0 || utf8.RuneCountInString(s) <= truncate {
		return s
	}
	r := []rune(s)
	if truncate < 4 {
		return string(r[:truncate])
	}
	return string(r[:truncate-3]) + "..."
}
