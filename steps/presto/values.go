package presto

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/fullstack-lab/fullstack-lab/internal/javafmt"
)

// formatValue prints a value as the Presto CLI does: NULL, Java's doubles
// (1.0, 1.0E7), [a, b] for arrays, {k=v} for maps and rows, hex for varbinary;
// inside an array, map or row a NULL is Java's null ([3, 1, null]).
func formatValue(v any, typ string, null string) string {
	if v == nil {
		return null
	}
	base, args := splitType(typ)
	switch x := v.(type) {
	case json.Number:
		if base == "double" || base == "real" {
			if f, err := x.Float64(); err == nil {
				return javafmt.Double(f)
			}
		}
		return x.String()
	case float64:
		if base == "double" || base == "real" {
			return javafmt.Double(x)
		}
		return strconv.FormatFloat(x, 'f', -1, 64)
	case string:
		if base == "array" || base == "map" || base == "row" {
			// Presto 0.287 sends some arrays as their JSON text
			// (array_agg(x order by y): "[ 1, 2, 3 ]"); its CLI prints the value.
			d := json.NewDecoder(strings.NewReader(x))
			d.UseNumber()
			var parsed any
			if err := d.Decode(&parsed); err == nil {
				if _, isStr := parsed.(string); !isStr {
					return formatValue(parsed, typ, null)
				}
			}
		}
		if base == "varbinary" {
			if b, err := base64.StdEncoding.DecodeString(x); err == nil {
				return hexDump(b)
			}
		}
		return x
	case bool:
		return strconv.FormatBool(x)
	case []any:
		parts := make([]string, len(x))
		if base == "row" {
			for i, e := range x {
				name, ft := fieldOf(args, i)
				parts[i] = name + "=" + formatValue(e, ft, "null")
			}
			return "{" + strings.Join(parts, ", ") + "}"
		}
		elem := ""
		if len(args) == 1 {
			elem = args[0]
		}
		for i, e := range x {
			parts[i] = formatValue(e, elem, "null")
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		kt, vt := "", ""
		if len(args) == 2 {
			kt, vt = args[0], args[1]
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = formatValue(k, kt, "null") + "=" + formatValue(x[k], vt, "null")
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return fmt.Sprint(v)
}

// isNumber reports whether the CLI right-aligns v of type typ: it does so
// for the values its client turns into Java numbers: JSON numbers, and a
// double's or real's NaN and Infinity (sent as strings); not NULL.
func isNumber(v any, typ string) bool {
	switch v.(type) {
	case json.Number, float64, int, int64:
		return true
	case string:
		base, _ := splitType(typ)
		return base == "double" || base == "real"
	}
	return false
}

// splitType splits "map(varchar, bigint)" into "map" and its top-level arguments.
func splitType(typ string) (string, []string) {
	i := strings.IndexByte(typ, '(')
	if i < 0 || !strings.HasSuffix(typ, ")") {
		return typ, nil
	}
	base, inner := typ[:i], typ[i+1:len(typ)-1]
	var args []string
	depth, start := 0, 0
	for j := 0; j < len(inner); j++ {
		switch inner[j] {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				args = append(args, strings.TrimSpace(inner[start:j]))
				start = j + 1
			}
		}
	}
	return base, append(args, strings.TrimSpace(inner[start:]))
}

// fieldOf is the name and type of field i of a row type's arguments ("a bigint").
func fieldOf(args []string, i int) (string, string) {
	if i >= len(args) {
		return "field" + strconv.Itoa(i), ""
	}
	a := args[i]
	if strings.HasPrefix(a, `"`) {
		if j := strings.Index(a[1:], `"`); j >= 0 {
			return a[1 : j+1], strings.TrimSpace(a[j+2:])
		}
	}
	name, t, ok := strings.Cut(a, " ")
	if !ok {
		return "field" + strconv.Itoa(i), a
	}
	return name, t
}

func hexDump(b []byte) string {
	parts := make([]string, len(b))
	for i, c := range b {
		parts[i] = fmt.Sprintf("%02x", c)
	}
	return strings.Join(parts, " ")
}
