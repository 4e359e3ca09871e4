// Package memstat measures a process's own memory: its peak resident set and its peak live heap.
package memstat

import (
	"fmt"
	"os"
	"runtime/metrics"
	"strings"
	"time"
)

// PeakRSS is the process's peak resident set (VmHWM), in bytes; 0 where
// /proc/self/status cannot be read. Not getrusage's ru_maxrss: that keeps the
// high-water mark of the process that started this one (preserved across
// execve), such as a shell or a test process holding a broker's records.
func PeakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), &kb)
			return kb * 1024
		}
	}
	return 0
}

// WatchLiveHeap samples the live heap the GC finds, every 2 ms and once more
// when the function it returns is called; that function stops the sampling
// and gives the peak, in bytes.
func WatchLiveHeap() (stop func() uint64) {
	ch := make(chan chan uint64)
	go func() {
		var peak uint64
		s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			peak = max(peak, s[0].Value.Uint64())
			select {
			case r := <-ch:
				metrics.Read(s) // the last GC's figure too
				r <- max(peak, s[0].Value.Uint64())
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		r := make(chan uint64)
		ch <- r
		return <-r
	}
}
