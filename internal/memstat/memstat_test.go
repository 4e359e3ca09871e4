package memstat

import (
	"runtime"
	"testing"
)

func TestPeakRSS(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc/self/status")
	}
	if got := PeakRSS(); got < 1<<20 {
		t.Fatalf("PeakRSS = %d bytes, want at least 1 MiB for a running Go test", got)
	}
}

var keep [][]byte

func TestWatchLiveHeap(t *testing.T) {
	stop := WatchLiveHeap()
	for range 64 {
		keep = append(keep, make([]byte, 1<<20))
	}
	runtime.GC()
	peak := stop()
	keep = nil
	if peak < 64<<20 {
		t.Fatalf("peak live heap %d bytes, want at least the 64 MiB held across a GC", peak)
	}
}
