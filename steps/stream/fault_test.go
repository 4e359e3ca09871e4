package stream_test

import (
	"io"
	"io/fs"
	"path"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/classdata"
	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
	"github.com/fullstack-lab/fullstack-lab/steps/stream"
)

// sinkFaults sends the calls for the files under dir (the Parquet sink's
// output directory) through faulty and every other call (the checkpoint's)
// to the healthy filesystem, so faulty's counts are the batch file's alone.
type sinkFaults struct {
	warehouse.FS
	faulty *warehouse.Faulty
	dir    string
}

func (s *sinkFaults) under(name string) bool { return strings.HasPrefix(name, s.dir+"/") }

func (s *sinkFaults) Create(name string) (io.WriteCloser, error) {
	if s.under(name) {
		return s.faulty.Create(name)
	}
	return s.FS.Create(name)
}

func (s *sinkFaults) Rename(oldname, newname string) error {
	if s.under(newname) {
		return s.faulty.Rename(oldname, newname)
	}
	return s.FS.Rename(oldname, newname)
}

// A batch whose file cannot be written fails with the filesystem's error:
// nothing partial in the directory, no commit. The restarted query, on a
// healthy filesystem, writes the batch's rows exactly once.
func TestStreamFailedWrite(t *testing.T) {
	t.Parallel()
	s := harness.Start(t)
	fsys := s.WarehouseFS(t)
	topic := s.Name("events")
	var vals []string
	for i := range 300 {
		vals = append(vals, classdata.Event("purchase_sword", "user"+strings.Repeat("x", i%7)+".comcast.com"))
		if i%10 == 0 {
			vals = append(vals, classdata.Event("default", "user1.comcast.com"))
		}
	}
	s.Produce(t, topic, vals...)
	recs, latest := s.Records(t, topic), stream.Offsets(s.EndOffsets(t, topic))
	want := expectedRows(t, recs)
	require.Len(t, want, 300)

	for _, tc := range []struct {
		name  string
		fault func(*warehouse.Faulty)
		// wantErr is where the error says the write failed.
		wantErr string
	}{
		{"create", func(f *warehouse.Faulty) { f.FailCreate = 1 }, "stream: batch 0: parquet sink: create "},
		{"write", func(f *warehouse.Faulty) { f.FailWrite = 1 }, "stream: batch 0: parquet sink: write "},
		{"rename", func(f *warehouse.Faulty) { f.FailRename = 1 }, "stream: batch 0: parquet sink: rename "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, ck := s.Path("/tmp/sword_purchases_"+tc.name), s.Path("/tmp/ck_"+tc.name)
			faulty := &warehouse.Faulty{FS: fsys}
			tc.fault(faulty)
			cfg := stream.Config{
				Brokers: s.Kafka, Topic: topic, FS: &sinkFaults{FS: fsys, faulty: faulty, dir: out},
				Sink: stream.Parquet, Path: out, Checkpoint: ck, StartingOffsets: stream.Earliest,
			}
			q := newQuery(t, cfg)
			_, ran, err := q.Trigger(ctx(t))
			require.ErrorIs(t, err, warehouse.ErrInjected)
			assert.False(t, ran)
			assert.True(t, strings.HasPrefix(err.Error(), tc.wantErr), "error %q should start with %q", err, tc.wantErr)
			assert.Contains(t, err.Error(), path.Join(out, stream.TempDir)+"/part-00000-", "the error names the file")

			// Nothing partial anywhere in the directory, not even in _temporary.
			infos, err := fsys.ReadDir(out)
			require.NoError(t, err)
			var left []string
			for _, fi := range infos {
				left = append(left, fi.Name())
			}
			assert.Empty(t, left, "a failed batch leaves no file in %s", out)
			_, err = fsys.Stat(path.Join(out, stream.TempDir))
			assert.ErrorIs(t, err, fs.ErrNotExist)

			// Planned, not committed.
			st, err := stream.ReadCheckpoint(fsys, ck)
			require.NoError(t, err)
			assert.True(t, st.Pending)
			assert.EqualValues(t, -1, st.Committed)
			_, err = fsys.Stat(path.Join(ck, "commits/0"))
			assert.ErrorIs(t, err, fs.ErrNotExist)

			// Restarted on a healthy filesystem: batch 0 again, its rows once.
			cfg.FS = fsys
			q2 := newQuery(t, cfg)
			res, ran := trig(t, q2)
			require.True(t, ran)
			assert.EqualValues(t, 0, res.ID)
			assert.True(t, res.Rerun)
			assert.False(t, res.Existed)
			assert.EqualValues(t, 300, res.Rows)
			assert.Equal(t, path.Join(out, stream.FileName(q2.ID(), 0)), res.File)
			_, ran = trig(t, q2)
			assert.False(t, ran, "nothing new")

			rows, names := readDir(t, fsys, out)
			assert.Len(t, names, 1)
			assert.Equal(t, want, rowStrings(rows), "exactly the batch's rows, once")
			st, err = stream.ReadCheckpoint(fsys, ck)
			require.NoError(t, err)
			assert.False(t, st.Pending)
			assert.EqualValues(t, 0, st.Committed)
			assert.Equal(t, latest, st.End)
		})
	}
}
