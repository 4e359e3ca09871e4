// Package javafmt formats values as Java prints them, for outputs that must match Spark's and Presto's.
package javafmt

import (
	"math"
	"strconv"
	"strings"
)

// Double formats f as Java's Double.toString does: 1.0, 0.001, 1.0E7, 1.5E-4, NaN, -Infinity, -0.0.
func Double(f float64) string { return Float(f, 64) }

// Float formats f as Java's Double.toString (bits 64) or Float.toString (bits 32,
// f a float32's value: the shortest digits that read back as that float32) does.
func Float(f float64, bits int) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		if math.Signbit(f) {
			return "-0.0"
		}
		return "0.0"
	}
	if a := math.Abs(f); a >= 1e-3 && a < 1e7 {
		s := strconv.FormatFloat(f, 'f', -1, bits)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	s := strconv.FormatFloat(f, 'E', -1, bits) // 1.5E+07
	mant, exp, _ := strings.Cut(s, "E")
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	e, _ := strconv.Atoi(exp)
	return mant + "E" + strconv.Itoa(e)
}
