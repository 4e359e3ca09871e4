package presto

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"sort"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"
	"github.com/fullstack-lab/fullstack-lab/internal/javafmt"
)

// encodeValue turns a value scanned from DuckDB into its JSON form in
// Presto's protocol for type t.
func encodeValue(v any, t prestoType) any {
	if v == nil {
		return nil
	}
	switch x := v.(type) {
	case float64:
		return encodeFloat(x, 64)
	case float32:
		return encodeFloat(float64(x), 32)
	case *big.Int:
		return json.Number(x.String())
	case duckdb.Decimal:
		return formatDecimal(x)
	case time.Time:
		return formatTime(x, t.raw)
	case []byte:
		if t.raw == "uuid" && len(x) == 16 {
			h := hex.EncodeToString(x)
			return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
		}
		if t.raw == "varchar" {
			return string(x)
		}
		return base64.StdEncoding.EncodeToString(x)
	case duckdb.UUID:
		return x.String()
	case duckdb.Interval:
		if t.raw == "interval year to month" {
			m := int64(x.Months)
			sign := ""
			if m < 0 {
				sign, m = "-", -m
			}
			return fmt.Sprintf("%s%d-%d", sign, m/12, m%12)
		}
		return formatInterval(x)
	case []any:
		elem := varchar
		if len(t.elems) > 0 {
			elem = t.elems[0]
		}
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = encodeValue(e, elem)
		}
		if t.raw == "array" {
			return jacksonArray(out)
		}
		return out
	case map[string]any: // a row: positional, as Presto sends it
		out := make([]any, 0, len(x))
		for i, f := range t.fields {
			out = append(out, encodeValue(x[f], t.elems[i]))
		}
		if len(t.fields) == 0 {
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				out = append(out, encodeValue(x[k], varchar))
			}
		}
		return out
	case duckdb.OrderedMap:
		return encodeMap(x.Keys(), x.Values(), t)
	case duckdb.Union:
		return encodeValue(x.Value, varchar)
	case string, bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64, int, uint:
		return x
	}
	return fmt.Sprint(v)
}

func encodeMap(keys, values []any, t prestoType) map[string]any {
	kt, vt := varchar, varchar
	if len(t.elems) == 2 {
		kt, vt = t.elems[0], t.elems[1]
	}
	out := make(map[string]any, len(keys))
	for i, k := range keys {
		out[fmt.Sprint(encodeValue(k, kt))] = encodeValue(values[i], vt)
	}
	return out
}

// encodeFloat writes a double (bits 64) or real (32) as Presto's JSON does:
// Java's Double.toString (4.0, 1.0E10, 1.0E-4), NaN and the infinities as strings.
func encodeFloat(f float64, bits int) any {
	s := javafmt.Float(f, bits)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return s // "NaN", "Infinity", "-Infinity": not JSON numbers
	}
	return json.Number(s)
}

// formatDecimal prints a decimal with all its scale's digits, as Presto does ("1.50").
func formatDecimal(d duckdb.Decimal) string {
	if d.Value == nil {
		return "0"
	}
	s := new(big.Int).Abs(d.Value).String()
	sign := ""
	if d.Value.Sign() < 0 {
		sign = "-"
	}
	scale := int(d.Scale)
	if scale == 0 {
		return sign + s
	}
	if len(s) <= scale {
		s = strings.Repeat("0", scale-len(s)+1) + s
	}
	return sign + s[:len(s)-scale] + "." + s[len(s)-scale:]
}

func formatTime(t time.Time, typ string) string {
	switch typ {
	case "date":
		return t.Format("2006-01-02")
	case "time":
		return t.Format("15:04:05.000")
	case "time with time zone":
		return t.Format("15:04:05.000 -07:00")
	case "timestamp with time zone":
		return t.Format("2006-01-02 15:04:05.000 ") + zoneName(t)
	}
	return t.Format("2006-01-02 15:04:05.000")
}

func zoneName(t time.Time) string {
	if t.Location() == time.UTC {
		return "UTC"
	}
	return t.Location().String()
}

// formatInterval prints an interval as Presto's interval day to second ("1 02:03:04.000").
func formatInterval(iv duckdb.Interval) string {
	micros := iv.Micros + int64(iv.Days)*86_400_000_000 + int64(iv.Months)*30*86_400_000_000
	sign := ""
	if micros < 0 {
		sign, micros = "-", -micros
	}
	ms := micros / 1000
	return fmt.Sprintf("%s%d %02d:%02d:%02d.%03d", sign, ms/86_400_000, ms/3_600_000%24, ms/60_000%60, ms/1000%60, ms%1000)
}

// jacksonArray is an array value as PrestoDB 0.287 sends it to a client of
// the REST protocol: one string, its elements' JSON in Jackson's default
// pretty form ("[ 1, 2 ]", "[ ]"); a nested array is an element string.
func jacksonArray(elems []any) string {
	if len(elems) == 0 {
		return "[ ]"
	}
	parts := make([]string, len(elems))
	for i, e := range elems {
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.Encode(e)
		parts[i] = strings.TrimSuffix(b.String(), "\n")
	}
	return "[ " + strings.Join(parts, ", ") + " ]"
}
