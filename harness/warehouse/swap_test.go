package warehouse_test

import (
	"fmt"
	"io"
	"path"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const swapID = "0f8e6c1a-3b7d-4e2f-9a1b-2c3d4e5f6a7b"

var (
	oldTree = map[string]string{"_SUCCESS": "", "part-00000-old.parquet": "old rows"}
	newTree = map[string]string{"_SUCCESS": "", "part-00000-new.parquet": "new rows", "part-00001-new.parquet": "more"}
)

func writeTree(t *testing.T, fsys warehouse.FS, dir string, tree map[string]string) {
	t.Helper()
	require.NoError(t, fsys.MkdirAll(dir))
	for name, body := range tree {
		write(t, fsys, path.Join(dir, name), body)
	}
}

// readTree returns the files of dir and their contents; nil if dir is missing.
func readTree(t *testing.T, fsys warehouse.FS, dir string) map[string]string {
	t.Helper()
	infos, err := fsys.ReadDir(dir)
	if err != nil {
		return nil
	}
	out := map[string]string{}
	for _, fi := range infos {
		f, err := fsys.Open(path.Join(dir, fi.Name()))
		if err != nil {
			return nil // replaced while read
		}
		b, err := io.ReadAll(f)
		f.Close()
		if err != nil {
			return nil
		}
		out[fi.Name()] = string(b)
	}
	return out
}

// siblings lists the hidden names beside p.
func siblings(t *testing.T, fsys warehouse.FS, p string) []string {
	t.Helper()
	dir, base := path.Split(p)
	infos, err := fsys.ReadDir(dir)
	require.NoError(t, err)
	var out []string
	for _, fi := range infos {
		if strings.HasPrefix(fi.Name(), "."+base) {
			out = append(out, fi.Name())
		}
	}
	return out
}

// A replace failing at each of its steps leaves the old tree or the new one
// whole at the path, and Recover leaves nothing beside it.
func TestReplaceFailingAtEachStep(t *testing.T) {
	for _, tc := range []struct {
		name     string
		faulty   func(warehouse.FS) *warehouse.Faulty
		want     map[string]string
		leftover bool // the failure left a hidden directory for Recover
	}{
		{"exchange fails", func(l warehouse.FS) *warehouse.Faulty {
			return &warehouse.Faulty{FS: l, AllowExchange: true, FailExchange: 1}
		}, oldTree, true},
		{"removing the old tree fails after an exchange", func(l warehouse.FS) *warehouse.Faulty {
			return &warehouse.Faulty{FS: l, AllowExchange: true, FailRemove: 1}
		}, newTree, true},
		{"moving the old tree aside fails", func(l warehouse.FS) *warehouse.Faulty { return &warehouse.Faulty{FS: l, FailRename: 1} }, oldTree, true},
		{"moving the new tree in fails", func(l warehouse.FS) *warehouse.Faulty { return &warehouse.Faulty{FS: l, FailRename: 2} }, oldTree, true},
		{"removing the old tree fails after the renames", func(l warehouse.FS) *warehouse.Faulty { return &warehouse.Faulty{FS: l, FailRemove: 1} }, newTree, true},
		{"no failure, exchange", func(l warehouse.FS) *warehouse.Faulty { return &warehouse.Faulty{FS: l, AllowExchange: true} }, newTree, false},
		{"no failure, renames", func(l warehouse.FS) *warehouse.Faulty { return &warehouse.Faulty{FS: l} }, newTree, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, err := warehouse.NewLocal(t.TempDir())
			require.NoError(t, err)
			p := "/tmp/purchases"
			writeTree(t, l, p, oldTree)
			writeTree(t, l, warehouse.StagePath(p, swapID), newTree)
			err = warehouse.Replace(tc.faulty(l), p, swapID)
			if tc.leftover {
				require.ErrorIs(t, err, warehouse.ErrInjected)
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, tc.want, readTree(t, l, p))
			require.NoError(t, warehouse.Recover(l, p))
			assert.Equal(t, tc.want, readTree(t, l, p))
			assert.Empty(t, siblings(t, l, p))
		})
	}
}

// Recover resolves each state a killed replace can leave.
func TestRecover(t *testing.T) {
	p := "/tmp/purchases"
	stage, old := warehouse.StagePath(p, swapID), "/tmp/.purchases-"+swapID+".old"
	for _, tc := range []struct {
		name  string
		trees map[string]map[string]string
		want  map[string]string
	}{
		{"killed while staging", map[string]map[string]string{p: oldTree, stage: {"part-00000-new.parquet": "half"}}, oldTree},
		{"killed between the renames", map[string]map[string]string{old: oldTree, stage: newTree}, oldTree},
		{"killed before removing the old tree", map[string]map[string]string{p: newTree, old: oldTree}, newTree},
		{"killed after an exchange", map[string]map[string]string{p: newTree, stage: oldTree}, newTree},
		{"a first write killed", map[string]map[string]string{stage: newTree}, nil},
		{"nothing to do", map[string]map[string]string{p: oldTree, "/tmp/.other-" + swapID + ".tmp": newTree}, oldTree},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, err := warehouse.NewLocal(t.TempDir())
			require.NoError(t, err)
			for dir, tree := range tc.trees {
				writeTree(t, l, dir, tree)
			}
			require.NoError(t, warehouse.Recover(l, p))
			assert.Equal(t, tc.want, readTree(t, l, p))
			assert.Empty(t, siblings(t, l, p))
			require.NoError(t, warehouse.Recover(l, p), "a second pass has nothing to do")
			assert.Equal(t, tc.want, readTree(t, l, p))
		})
	}
}

// Where the filesystem exchanges, a reader of the path always finds it, and
// reads one whole tree or fails: never none, never a mix.
func TestReplaceByExchangeIsNeverMissing(t *testing.T) {
	l, err := warehouse.NewLocal(t.TempDir())
	require.NoError(t, err)
	p := "/tmp/purchases"
	tree := func(i int) map[string]string { // each write names its parts after itself, as Save does
		return map[string]string{"_SUCCESS": "", fmt.Sprintf("part-00000-%d.parquet", i): "a", fmt.Sprintf("part-00001-%d.parquet", i): "b"}
	}
	writeTree(t, l, p, tree(0))
	// The reader lists the path through the warehouse, as Presto lists a
	// table's location, then stats each part by its path. A listing made
	// just before a replace may be of the old tree; its parts are gone from
	// the path, so the reader fails: that is allowed, as when Spark deletes
	// files under a running query. What must never happen is a path that
	// cannot be listed, or a read that succeeds with a wrong set (a reader
	// holding the old directory open while Replace empties it lists some of
	// its names or none: ReadDirStable lists again when that happened).
	var stop atomic.Bool
	var wg sync.WaitGroup
	var reads, missing, wrong, failed atomic.Int64
	wg.Add(1)
	go func() {
		defer wg.Done()
		for !stop.Load() {
			reads.Add(1)
			infos, err := l.ReadDir(p)
			if err != nil {
				missing.Add(1)
				t.Log("list:", err)
				continue
			}
			var names, parts []string
			ok := true
			for _, fi := range infos {
				n := fi.Name()
				names = append(names, n)
				if strings.HasPrefix(n, "part-") {
					if _, err := l.Stat(path.Join(p, n)); err != nil {
						ok = false
					}
					parts = append(parts, strings.TrimSuffix(n[len("part-00000-"):], ".parquet"))
				}
			}
			if !ok {
				failed.Add(1)
				continue
			}
			if len(parts) != 2 || parts[0] != parts[1] {
				if wrong.Add(1) <= 3 {
					t.Log("read a wrong set:", names)
				}
			}
		}
	}()
	for i := 1; i <= 200; i++ {
		writeTree(t, l, warehouse.StagePath(p, swapID), tree(i))
		require.NoError(t, warehouse.Replace(l, p, swapID))
	}
	stop.Store(true)
	wg.Wait()
	t.Logf("%d reads during 200 replaces; %d failed on a tree removed under them", reads.Load(), failed.Load())
	assert.Zero(t, missing.Load(), "reads that found no directory")
	assert.Zero(t, wrong.Load(), "reads of a wrong set")
	assert.Equal(t, tree(200), readTree(t, l, p))
	assert.Empty(t, siblings(t, l, p))
}

// RecoverAll finds the interrupted writes anywhere under a root.
func TestRecoverAll(t *testing.T) {
	l, err := warehouse.NewLocal(t.TempDir())
	require.NoError(t, err)
	// Killed between the renames, deep down; a dead stage beside a table; a
	// first write killed; a table with nothing to recover.
	writeTree(t, l, "/user/hive/warehouse/lab.db/.events-"+swapID+".old", oldTree)
	writeTree(t, l, warehouse.StagePath("/user/hive/warehouse/lab.db/events", swapID), newTree)
	writeTree(t, l, "/tmp/purchases", oldTree)
	writeTree(t, l, warehouse.StagePath("/tmp/purchases", swapID), newTree)
	writeTree(t, l, warehouse.StagePath("/tmp/first", swapID), newTree)
	writeTree(t, l, "/tmp/kept", newTree)

	require.NoError(t, warehouse.RecoverAll(l, "/"))
	assert.Equal(t, oldTree, readTree(t, l, "/user/hive/warehouse/lab.db/events"))
	assert.Equal(t, oldTree, readTree(t, l, "/tmp/purchases"))
	assert.Nil(t, readTree(t, l, "/tmp/first"))
	assert.Equal(t, newTree, readTree(t, l, "/tmp/kept"))
	for _, p := range []string{"/user/hive/warehouse/lab.db/events", "/tmp/purchases", "/tmp/first", "/tmp/kept"} {
		assert.Empty(t, siblings(t, l, p), p)
	}
}
