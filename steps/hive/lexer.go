package hive

import (
	"fmt"
	"strings"
	"unicode"
)

type tokKind int

const (
	tEOF tokKind = iota
	tIdent
	tQuoted // `backquoted`
	tString // 'single' or "double"
	tNumber
	tPunct
)

type token struct {
	kind      tokKind
	text      string
	line, col int
}

// word is the token as Hive's ParseException quotes it.
func (t token) word() string {
	if t.kind == tEOF {
		return "<EOF>"
	}
	return t.text
}

// lex splits one statement into tokens; -- comments run to the end of the line.
func lex(src string, line0, col0 int) ([]token, error) {
	var toks []token
	line, col := line0, col0
	rs := []rune(src)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case r == '\n':
			line, col = line+1, 1
			i++
			continue
		case unicode.IsSpace(r):
			i, col = i+1, col+1
			continue
		case r == '-' && i+1 < len(rs) && rs[i+1] == '-':
			for i < len(rs) && rs[i] != '\n' {
				i++
			}
			continue
		}
		start, sl, sc := i, line, col
		switch {
		case r == '\'' || r == '"' || r == '`':
			var b strings.Builder
			i++
			col++
			for {
				if i >= len(rs) {
					return nil, &ParseError{Line: sl, Col: sc - 1, Msg: fmt.Sprintf("unterminated %c quote", r)}
				}
				c := rs[i]
				if c == '\\' && r != '`' && i+1 < len(rs) {
					b.WriteRune(rs[i+1])
					i, col = i+2, col+2
					continue
				}
				if c == r {
					if r == '`' && i+1 < len(rs) && rs[i+1] == '`' { // `` is a backquote
						b.WriteRune('`')
						i, col = i+2, col+2
						continue
					}
					i, col = i+1, col+1
					break
				}
				if c == '\n' {
					line, col = line+1, 0
				}
				b.WriteRune(c)
				i, col = i+1, col+1
			}
			kind := tString
			if r == '`' {
				kind = tQuoted
			}
			toks = append(toks, token{kind, b.String(), sl, sc - 1})
			continue
		case unicode.IsLetter(r) || r == '_':
			for i < len(rs) && (unicode.IsLetter(rs[i]) || unicode.IsDigit(rs[i]) || rs[i] == '_') {
				i++
			}
			toks = append(toks, token{tIdent, string(rs[start:i]), sl, sc - 1})
		case unicode.IsDigit(r):
			for i < len(rs) && unicode.IsDigit(rs[i]) {
				i++
			}
			toks = append(toks, token{tNumber, string(rs[start:i]), sl, sc - 1})
		case strings.ContainsRune("(),.=<>;*", r):
			i++
			toks = append(toks, token{tPunct, string(r), sl, sc - 1})
		default:
			return nil, &ParseError{Line: sl, Col: sc - 1, Msg: fmt.Sprintf("character '%c' not supported here", r)}
		}
		col += i - start
	}
	toks = append(toks, token{kind: tEOF, line: line, col: col - 1})
	return toks, nil
}
