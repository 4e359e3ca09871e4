package stream

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
)

// A checkpoint is a directory of the warehouse laid out as Spark's:
//
//	metadata       {"id": ..., "topic": ..., "sink": ..., "path": ...}: the query it belongs to
//	sources/0/0    v1 + the Kafka offsets the query started from
//	offsets/N      v1 + batch metadata + the offsets batch N reads up to, written before it runs
//	commits/N      v1 + {"nextBatchWatermarkMs":0}, written once batch N is in the sink
//
// Batch N reads from the offsets of batch N-1 (sources/0/0 for batch 0) to
// offsets/N. Every file is written under a dot name and renamed into place,
// so a reader finds it whole or not at all.

// logVersion is the first line of every log file, as Spark writes it.
const logVersion = "v1"

// retainBatches is how many batches' logs are kept (Spark's minBatchesToRetain).
const retainBatches = 100

// Metadata names the query a checkpoint belongs to.
type Metadata struct {
	ID    string `json:"id"`
	Topic string `json:"topic"`
	Sink  string `json:"sink"`
	Path  string `json:"path,omitempty"`
}

type checkpoint struct {
	fs   warehouse.FS
	dir  string
	meta Metadata
}

// openCheckpoint opens the checkpoint at dir for the query want (its ID is
// ignored), creating it when it does not exist.
func openCheckpoint(fsys warehouse.FS, dir string, want Metadata) (*checkpoint, error) {
	c := &checkpoint{fs: fsys, dir: dir}
	for range 2 {
		b, err := c.read("metadata")
		if errors.Is(err, fs.ErrNotExist) {
			if last, lerr := c.latest("offsets"); lerr == nil && last >= 0 {
				return nil, fmt.Errorf("%w: %s has batch logs but no metadata file", ErrCorruptCheckpoint, dir)
			}
			want.ID = newUUID()
			mb, _ := json.Marshal(want)
			if err := c.write("metadata", mb); errors.Is(err, ErrCheckpointInUse) {
				continue // another query created it meanwhile: read theirs
			} else if err != nil {
				return nil, err
			}
			c.meta = want
			return c, nil
		}
		if err != nil {
			return nil, err
		}
		var got Metadata
		if err := json.Unmarshal(b, &got); err != nil || got.ID == "" {
			return nil, fmt.Errorf("%w: %s: not a query's metadata: %q", ErrCorruptCheckpoint, c.file("metadata"), short(b))
		}
		if err := got.matches(want); err != nil {
			return nil, fmt.Errorf("checkpoint %s: %w: %v; give another checkpoint, or remove it to start over", dir, ErrCheckpointMismatch, err)
		}
		c.meta = got
		return c, nil
	}
	return nil, fmt.Errorf("checkpoint %s: %w", dir, ErrCheckpointInUse)
}

func (m Metadata) matches(want Metadata) error {
	switch {
	case m.Topic != want.Topic:
		return fmt.Errorf("it reads topic %q, this query reads %q", m.Topic, want.Topic)
	case m.Sink != want.Sink:
		return fmt.Errorf("it writes to the %s sink, this query to the %s sink", m.Sink, want.Sink)
	case m.Path != want.Path:
		return fmt.Errorf("it writes to %s, this query to %s", m.Path, want.Path)
	}
	return nil
}

func (c *checkpoint) file(name string) string { return path.Join(c.dir, name) }

// read returns the content of a checkpoint file.
func (c *checkpoint) read(name string) ([]byte, error) {
	f, err := c.fs.Open(c.file(name))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return nil, fmt.Errorf("read checkpoint: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		return nil, fmt.Errorf("read checkpoint %s: %w", c.file(name), err)
	}
	return b, nil
}

// write writes a checkpoint file atomically: to a dot name beside it, then
// renamed. An existing file is never replaced: that is ErrCheckpointInUse.
func (c *checkpoint) write(name string, data []byte) error {
	final := c.file(name)
	dir, base := path.Split(final)
	tmp := path.Join(dir, "."+base+"."+newUUID()+".tmp")
	w, err := c.fs.Create(tmp)
	if err != nil {
		return fmt.Errorf("write checkpoint %s: %w", final, err)
	}
	_, err = w.Write(data)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		c.fs.RemoveAll(tmp)
		return fmt.Errorf("write checkpoint %s: %w", final, err)
	}
	if err := c.fs.Rename(tmp, final); err != nil {
		c.fs.RemoveAll(tmp)
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("write checkpoint %s: it exists already: %w", final, ErrCheckpointInUse)
		}
		return fmt.Errorf("write checkpoint %s: %w", final, err)
	}
	return nil
}

// latest returns the highest batch id in a log directory, -1 if it has none.
func (c *checkpoint) latest(log string) (int64, error) {
	infos, err := c.fs.ReadDir(c.file(log))
	if errors.Is(err, fs.ErrNotExist) {
		return -1, nil
	}
	if err != nil {
		return -1, fmt.Errorf("read checkpoint: %w", err)
	}
	last := int64(-1)
	for _, fi := range infos {
		if id, ok := batchID(fi.Name()); ok && id > last {
			last = id
		}
	}
	return last, nil
}

// batchID parses a log file name; temporary (dot) files and others are not batches.
func batchID(name string) (int64, bool) {
	if name == "" || name[0] < '0' || name[0] > '9' {
		return 0, false
	}
	id, err := strconv.ParseInt(name, 10, 64)
	return id, err == nil
}

// lines splits a log file into its lines after checking its version.
func (c *checkpoint) lines(name string, want int) ([][]byte, error) {
	b, err := c.read(name)
	if err != nil {
		return nil, err
	}
	ls := bytes.Split(bytes.TrimRight(b, "\n"), []byte("\n"))
	if string(ls[0]) != logVersion {
		return nil, fmt.Errorf("%w: %s: unsupported log version %q, want %q", ErrCorruptCheckpoint, c.file(name), short(ls[0]), logVersion)
	}
	if len(ls) != want {
		return nil, fmt.Errorf("%w: %s: %d lines, want %d", ErrCorruptCheckpoint, c.file(name), len(ls), want)
	}
	return ls, nil
}

func (c *checkpoint) offsetsFile(name string, n int) (Offsets, error) {
	ls, err := c.lines(name, n)
	if err != nil {
		return nil, err
	}
	o, err := decodeOffsets(ls[n-1], c.meta.Topic)
	if err != nil {
		return nil, fmt.Errorf("checkpoint %s: %w", c.file(name), err)
	}
	return o, nil
}

// initial returns the offsets the query started from; ok is false before they are written.
func (c *checkpoint) initial() (o Offsets, ok bool, err error) {
	o, err = c.offsetsFile("sources/0/0", 2)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	return o, err == nil, err
}

func (c *checkpoint) writeInitial(o Offsets) error {
	return c.write("sources/0/0", fmt.Appendf(nil, "%s\n%s\n", logVersion, encodeOffsets(c.meta.Topic, o)))
}

// offsets returns where batch id ends.
func (c *checkpoint) offsets(id int64) (Offsets, error) {
	o, err := c.offsetsFile("offsets/"+strconv.FormatInt(id, 10), 3)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s is missing", ErrCorruptCheckpoint, c.file("offsets/"+strconv.FormatInt(id, 10)))
	}
	return o, err
}

// batchMeta is the second line of an offsets file, as Spark writes it.
type batchMeta struct {
	WatermarkMs int64 `json:"batchWatermarkMs"`
	TimestampMs int64 `json:"batchTimestampMs"`
}

func (c *checkpoint) writeOffsets(id int64, end Offsets, now time.Time) error {
	meta, _ := json.Marshal(batchMeta{TimestampMs: now.UnixMilli()})
	return c.write("offsets/"+strconv.FormatInt(id, 10),
		fmt.Appendf(nil, "%s\n%s\n%s\n", logVersion, meta, encodeOffsets(c.meta.Topic, end)))
}

func (c *checkpoint) commit(id int64) error {
	return c.write("commits/"+strconv.FormatInt(id, 10), []byte(logVersion+"\n{\"nextBatchWatermarkMs\":0}\n"))
}

// purge removes the logs of batches older than the last retainBatches.
func (c *checkpoint) purge(id int64) {
	if old := id - retainBatches; old >= 0 {
		c.fs.RemoveAll(c.file("offsets/" + strconv.FormatInt(old, 10)))
		c.fs.RemoveAll(c.file("commits/" + strconv.FormatInt(old, 10)))
	}
}

// position is where a query stands in its checkpoint.
type position struct {
	// next is the batch to run next; it is pending when its offsets are
	// written but it has no commit (the query stopped while running it).
	next    int64
	pending bool
	// start is where batch next starts: the end of the last committed batch,
	// or the initial offsets. nil when no batch ran and no initial offsets are written.
	start Offsets
	// end is where a pending batch ends.
	end Offsets
}

// position reads the logs to find where the query resumes.
func (c *checkpoint) position() (position, error) {
	planned, err := c.latest("offsets")
	if err != nil {
		return position{}, err
	}
	committed, err := c.latest("commits")
	if err != nil {
		return position{}, err
	}
	var pos position
	switch {
	case committed == planned:
		pos.next = planned + 1
	case committed == planned-1:
		pos.next, pos.pending = planned, true
	default:
		return pos, fmt.Errorf("%w: %s: batch %d is committed but the offsets end at batch %d",
			ErrCorruptCheckpoint, c.dir, committed, planned)
	}
	if pos.next == 0 {
		pos.start, _, err = c.initial()
	} else {
		pos.start, err = c.offsets(pos.next - 1)
	}
	if err != nil {
		return pos, err
	}
	if pos.pending {
		if pos.end, err = c.offsets(pos.next); err != nil {
			return pos, err
		}
		if pos.start == nil {
			return pos, fmt.Errorf("%w: %s: batch 0 is planned but %s is missing", ErrCorruptCheckpoint, c.dir, c.file("sources/0/0"))
		}
	}
	return pos, nil
}

// State is what a checkpoint says of its query.
type State struct {
	Metadata
	// Committed is the last batch written to the sink, -1 if none.
	Committed int64
	// Pending is true when the batch after Committed was planned but not
	// committed: a restart runs it again.
	Pending bool
	// End is where the next batch starts: every record before it is in the
	// sink (nil if the query has not started).
	End Offsets
}

// ReadCheckpoint reads the checkpoint at dir: how far its query got.
func ReadCheckpoint(fsys warehouse.FS, dir string) (State, error) {
	c := &checkpoint{fs: fsys, dir: dir}
	b, err := c.read("metadata")
	if err != nil {
		return State{}, fmt.Errorf("checkpoint %s: %w", dir, err)
	}
	if err := json.Unmarshal(b, &c.meta); err != nil {
		return State{}, fmt.Errorf("%w: %s: %v", ErrCorruptCheckpoint, c.file("metadata"), err)
	}
	pos, err := c.position()
	if err != nil {
		return State{}, err
	}
	return State{Metadata: c.meta, Committed: pos.next - 1, Pending: pos.pending, End: pos.start}, nil
}

// short cuts b for an error message.
func short(b []byte) string {
	s := string(b)
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return strings.ToValidUTF8(s, "?")
}
