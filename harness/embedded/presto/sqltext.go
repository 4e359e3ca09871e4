package presto

import (
	"strconv"
	"strings"
)

// A token of a SQL text, enough to classify a statement, find the tables it
// names and adapt Presto's SQL to DuckDB's; DuckDB parses the rest.
type token struct {
	kind tokenKind
	text string // identifiers: as written (unquoted for quoted ones); strings: the value
	off  int    // byte offset in the SQL text
	end  int
	line int // 1-based
	col  int // 1-based
}

type tokenKind int

const (
	tokIdent  tokenKind = iota // word
	tokQuoted                  // "quoted identifier"
	tokString                  // 'string'
	tokNumber
	tokSymbol
	tokBackquoted // `quoted`: Presto's lexer has the token, its parser refuses it
	tokDigitIdent // 1abc: an identifier starting with a digit, refused too
)

// raw is t as Presto's error messages quote it.
func (t token) raw() string {
	switch t.kind {
	case tokString:
		return "'" + strings.ReplaceAll(t.text, "'", "''") + "'"
	case tokQuoted:
		return `"` + strings.ReplaceAll(t.text, `"`, `""`) + `"`
	case tokBackquoted:
		return "`" + t.text + "`"
	}
	return t.text
}

// word reports whether t is the unquoted keyword or identifier w (case-insensitive).
func (t token) word(w string) bool { return t.kind == tokIdent && strings.EqualFold(t.text, w) }

// name is t's identifier, lower-cased as Presto does; "" when t is no identifier.
func (t token) name() string {
	if t.kind == tokIdent || t.kind == tokQuoted {
		return strings.ToLower(t.text)
	}
	return ""
}

// tokenize splits sql into tokens, skipping spaces and comments. An
// unterminated string or quoted identifier is a syntax error: Presto's lexer
// makes its opening quote a token of its own, which the parser rejects.
func tokenize(sql string) ([]token, *queryError) {
	var toks []token
	line, lineStart := 1, 0
	i := 0
	for i < len(sql) {
		c := sql[i]
		pos := func(off int) (int, int) { return line, off - lineStart + 1 }
		switch {
		case c == '\n':
			i++
			line, lineStart = line+1, i
		case c == ' ' || c == '\t' || c == '\r' || c == '\f':
			i++
		case c == '-' && i+1 < len(sql) && sql[i+1] == '-':
			for i < len(sql) && sql[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(sql) && sql[i+1] == '*':
			j := strings.Index(sql[i+2:], "*/")
			end := len(sql)
			if j >= 0 {
				end = i + 2 + j + 2
			}
			for ; i < end; i++ {
				if sql[i] == '\n' {
					line, lineStart = line+1, i+1
				}
			}
		case c == '`':
			l, co := pos(i)
			j := strings.IndexByte(sql[i+1:], '`')
			if j < 0 {
				return nil, mismatched(toks, "`", &errorLocation{l, co})
			}
			toks = append(toks, token{kind: tokBackquoted, text: sql[i+1 : i+1+j], off: i, end: i + 2 + j, line: l, col: co})
			i += j + 2
		case c == '\'' || c == '"':
			l, co := pos(i)
			var b strings.Builder
			j := i + 1
			closed := false
			for j < len(sql) {
				if sql[j] == c {
					if j+1 < len(sql) && sql[j+1] == c {
						b.WriteByte(c)
						j += 2
						continue
					}
					closed = true
					j++
					break
				}
				if sql[j] == '\n' {
					line, lineStart = line+1, j+1
				}
				b.WriteByte(sql[j])
				j++
			}
			if !closed {
				return nil, mismatched(toks, string(c), &errorLocation{l, co})
			}
			kind := tokString
			if c == '"' {
				kind = tokQuoted
			}
			toks = append(toks, token{kind: kind, text: b.String(), off: i, end: j, line: l, col: co})
			i = j
		case isIdentStart(c):
			j := i
			for j < len(sql) && isIdentPart(sql[j]) {
				j++
			}
			l, co := pos(i)
			toks = append(toks, token{kind: tokIdent, text: sql[i:j], off: i, end: j, line: l, col: co})
			i = j
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(sql) && sql[i+1] >= '0' && sql[i+1] <= '9':
			j := i
			for j < len(sql) && sql[j] >= '0' && sql[j] <= '9' {
				j++
			}
			if j < len(sql) && sql[j] == '.' {
				j++
				for j < len(sql) && sql[j] >= '0' && sql[j] <= '9' {
					j++
				}
			}
			if j < len(sql) && (sql[j] == 'e' || sql[j] == 'E') {
				k := j + 1
				if k < len(sql) && (sql[k] == '+' || sql[k] == '-') {
					k++
				}
				if k < len(sql) && sql[k] >= '0' && sql[k] <= '9' {
					for k < len(sql) && sql[k] >= '0' && sql[k] <= '9' {
						k++
					}
					j = k
				}
			}
			kind := tokNumber
			if j < len(sql) && isIdentPart(sql[j]) && !strings.Contains(sql[i:j], ".") {
				for j < len(sql) && isIdentPart(sql[j]) {
					j++
				}
				kind = tokDigitIdent
			}
			l, co := pos(i)
			toks = append(toks, token{kind: kind, text: sql[i:j], off: i, end: j, line: l, col: co})
			i = j
		default:
			l, co := pos(i)
			n := 1
			if i+1 < len(sql) && strings.Contains("<> >= <= != || ->", sql[i:i+2]) && sql[i+1] != ' ' {
				n = 2
			}
			toks = append(toks, token{kind: tokSymbol, text: sql[i : i+n], off: i, end: i + n, line: l, col: co})
			i += n
		}
	}
	return toks, nil
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func isIdentPart(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' || c == '@' || c == ':' }

// qualifiedName reads a dotted name from toks[i:]; it returns its parts
// (lower-cased) and the index after it.
func qualifiedName(toks []token, i int) ([]string, int) {
	var parts []string
	for i < len(toks) {
		n := toks[i].name()
		if n == "" {
			break
		}
		parts = append(parts, n)
		i++
		if i+1 < len(toks) && toks[i].kind == tokSymbol && toks[i].text == "." {
			i++
			continue
		}
		break
	}
	return parts, i
}

// likeMatch reports whether s matches SQL LIKE pattern p (% and _, with escape).
func likeMatch(s, p string, escape rune) bool {
	sr, pr := []rune(s), []rune(p)
	var match func(i, j int) bool
	match = func(i, j int) bool {
		for j < len(pr) {
			c := pr[j]
			switch {
			case escape != 0 && c == escape && j+1 < len(pr):
				if i >= len(sr) || sr[i] != pr[j+1] {
					return false
				}
				i, j = i+1, j+2
			case c == '%':
				for k := i; k <= len(sr); k++ {
					if match(k, j+1) {
						return true
					}
				}
				return false
			case c == '_':
				if i >= len(sr) {
					return false
				}
				i, j = i+1, j+1
			default:
				if i >= len(sr) || sr[i] != c {
					return false
				}
				i, j = i+1, j+1
			}
		}
		return i == len(sr)
	}
	return match(0, 0)
}

func itoa(n int) string { return strconv.Itoa(n) }
