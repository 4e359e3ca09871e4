package javafmt

import (
	"math"
	"testing"
)

func TestDouble(t *testing.T) {
	for f, want := range map[float64]string{
		1:                    "1.0",
		0.001:                "0.001",
		1e7:                  "1.0E7",
		1.5e-4:               "1.5E-4",
		-2.5e10:              "-2.5E10",
		123.25:               "123.25",
		math.Inf(1):          "Infinity",
		math.Inf(-1):         "-Infinity",
		math.Copysign(0, -1): "-0.0",
		0:                    "0.0",
	} {
		if got := Double(f); got != want {
			t.Errorf("Double(%v) = %q, want %q", f, got, want)
		}
	}
	if got := Double(math.NaN()); got != "NaN" {
		t.Errorf("Double(NaN) = %q, want NaN", got)
	}
}

func TestFloat32(t *testing.T) {
	for f, want := range map[float32]string{
		0.1:     "0.1",
		1.5e-5:  "1.5E-5",
		3.25e10: "3.25E10",
		2:       "2.0",
	} {
		if got := Float(float64(f), 32); got != want {
			t.Errorf("Float(%v, 32) = %q, want %q", f, got, want)
		}
	}
}
