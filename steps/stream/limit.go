package stream

import "math"

// rateLimit bounds a batch to limit records, as Spark's Kafka source does
// with maxOffsetsPerTrigger (KafkaMicroBatchStream.rateLimit): each
// partition gets its share of the limit in proportion to its backlog, rounded
// down, or up when the share is under one record so that no partition starves.
// from holds every partition of until; limit <= 0 means no limit.
func rateLimit(limit int64, from, until Offsets) Offsets {
	if limit <= 0 {
		return until
	}
	var total int64
	for p, end := range until {
		if size := end - from[p]; size > 0 {
			total += size
		}
	}
	if total <= limit {
		return until
	}
	out := make(Offsets, len(until))
	for p := range until {
		end, begin := until[p], from[p]
		size := end - begin
		if size <= 0 {
			out[p] = end
			continue
		}
		prorate := float64(limit) * (float64(size) / float64(total))
		var n int64
		if prorate < 1 {
			n = int64(math.Ceil(prorate))
		} else {
			n = int64(math.Floor(prorate))
		}
		off := begin + n
		if n > math.MaxInt64-begin {
			off = math.MaxInt64
		}
		out[p] = min(end, off)
	}
	return out
}
