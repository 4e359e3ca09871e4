package stream

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
)

// Offsets maps a partition to an offset: the next record to read.
type Offsets map[int]int64

// Partitions returns the partitions in order.
func (o Offsets) Partitions() []int {
	ps := make([]int, 0, len(o))
	for p := range o {
		ps = append(ps, p)
	}
	sort.Ints(ps)
	return ps
}

// Equal reports whether o and x hold the same offsets.
func (o Offsets) Equal(x Offsets) bool {
	if len(o) != len(x) {
		return false
	}
	for p, off := range o {
		if v, ok := x[p]; !ok || v != off {
			return false
		}
	}
	return true
}

// Count is the number of records from o to end, over every partition of end.
func (o Offsets) Count(end Offsets) int64 {
	var n int64
	for p, e := range end {
		n += e - o[p]
	}
	return n
}

func (o Offsets) String() string {
	b, _ := json.Marshal(o.json())
	return string(b)
}

func (o Offsets) json() map[string]int64 {
	m := make(map[string]int64, len(o))
	for p, off := range o {
		m[strconv.Itoa(p)] = off
	}
	return m
}

// encodeOffsets writes o as Spark's Kafka source does: {"topic":{"0":42}}.
func encodeOffsets(topic string, o Offsets) []byte {
	b, _ := json.Marshal(map[string]map[string]int64{topic: o.json()})
	return b
}

// decodeOffsets reads {"topic":{"0":42}} and checks it is about topic.
func decodeOffsets(b []byte, topic string) (Offsets, error) {
	var m map[string]map[string]int64
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%w: offsets %q: %v", ErrCorruptCheckpoint, b, err)
	}
	if len(m) != 1 {
		return nil, fmt.Errorf("%w: offsets %s: want the offsets of one topic", ErrCorruptCheckpoint, b)
	}
	for t, parts := range m {
		if t != topic {
			return nil, fmt.Errorf("%w: its offsets are for topic %q, this query reads %q", ErrCheckpointMismatch, t, topic)
		}
		o := make(Offsets, len(parts))
		for k, off := range parts {
			p, err := strconv.Atoi(k)
			if err != nil || p < 0 || off < 0 {
				return nil, fmt.Errorf("%w: offsets %s: bad partition %q or offset %d", ErrCorruptCheckpoint, b, k, off)
			}
			o[p] = off
		}
		return o, nil
	}
	panic("unreachable")
}
