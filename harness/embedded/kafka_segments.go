package embedded

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Kafka's record batch header (v2, the only one kfake stores): base offset
// (int64), batch length (int32, the bytes after this field), leader epoch
// (int32), magic (int8, 2), crc (uint32), attributes (int16), last offset
// delta (int32).
const (
	batchHeaderLen   = 27
	batchLengthAfter = 12 // base offset + length field
	batchMagic       = 2
)

// checkSegments reads the batch headers of every partition's segments under
// dir/partitions and refuses a log that kfake would serve as garbage: a batch
// whose offsets go back, or that is not a v2 record batch, before the last
// one. A torn last batch (cut short by a kill) is left for kfake, which cuts
// it off at load. Only headers are read, so the cost is one small read per
// batch.
func checkSegments(dir string) error {
	root := filepath.Join(dir, "partitions")
	pdirs, err := os.ReadDir(root)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("check kafka log: %w", err)
	}
	for _, pd := range pdirs {
		if !pd.IsDir() {
			continue
		}
		if err := checkPartition(filepath.Join(root, pd.Name())); err != nil {
			return fmt.Errorf("check kafka log: %w; the log cannot be served as it is: move %s out of %s (or remove the stack's directory) and start again",
				err, pd.Name(), root)
		}
	}
	return nil
}

// checkPartition checks one partition directory's segments, in offset order.
func checkPartition(pdir string) error {
	entries, err := os.ReadDir(pdir)
	if err != nil {
		return err
	}
	var bases []int64
	for _, e := range entries {
		if base, ok := strings.CutSuffix(e.Name(), ".dat"); ok {
			if n, err := strconv.ParseInt(base, 10, 64); err == nil {
				bases = append(bases, n)
			}
		}
	}
	sort.Slice(bases, func(i, j int) bool { return bases[i] < bases[j] })
	next := int64(-1) // the lowest offset the next batch may start at
	for _, base := range bases {
		path := filepath.Join(pdir, strconv.FormatInt(base, 10)+".dat")
		n, err := checkSegment(path, next)
		if err != nil {
			return err
		}
		if n >= 0 {
			next = n
		}
	}
	return nil
}

// checkSegment walks the batch headers of one segment file. It returns the
// offset after its last whole batch (-1 if none).
func checkSegment(path string, next int64) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return next, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return next, err
	}
	size := info.Size()
	var hdr [batchHeaderLen]byte
	for pos := int64(0); pos < size; {
		if _, err := f.ReadAt(hdr[:], pos); err != nil {
			if errors.Is(err, io.EOF) {
				return next, nil // a torn last batch: kfake cuts it
			}
			return next, err
		}
		base := int64(binary.BigEndian.Uint64(hdr[0:8]))
		length := int64(int32(binary.BigEndian.Uint32(hdr[8:12])))
		end := pos + batchLengthAfter + length
		if length < batchHeaderLen-batchLengthAfter || end > size {
			if end > size && length > 0 {
				return next, nil // a torn last batch: kfake cuts it
			}
			return next, fmt.Errorf("%s: byte %d: not a record batch (length %d)", path, pos, length)
		}
		if hdr[16] != batchMagic {
			return next, fmt.Errorf("%s: byte %d: record batch magic %d, want %d", path, pos, hdr[16], batchMagic)
		}
		if base < next {
			return next, fmt.Errorf("%s: byte %d: a batch at offset %d after offset %d (the log goes back: records of two topics of one name)",
				path, pos, base, next-1)
		}
		next = base + int64(int32(binary.BigEndian.Uint32(hdr[23:27]))) + 1
		pos = end
	}
	return next, nil
}
