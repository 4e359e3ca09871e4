package warehouse_test

import (
	"errors"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
)

func TestMain(m *testing.M) { harness.Main(m) }

// TestLocal runs the specification on a local warehouse in a temporary directory.
func TestLocal(t *testing.T) {
	l, err := warehouse.NewLocal(t.TempDir())
	require.NoError(t, err)
	testFS(t, l, "/tmp/spec")
}

// TestStackWarehouse runs it on the stack's warehouse: a local directory on
// the embedded backend, HDFS on the others.
func TestStackWarehouse(t *testing.T) {
	s := harness.Start(t)
	fsys, err := warehouse.Open(s.Warehouse)
	require.NoError(t, err)
	t.Cleanup(func() { fsys.Close() })
	dir := s.Path("/tmp/spec")
	t.Cleanup(func() { fsys.RemoveAll(dir) })
	testFS(t, fsys, dir)
}

func write(t *testing.T, fsys warehouse.FS, name, data string) {
	t.Helper()
	w, err := fsys.Create(name)
	require.NoError(t, err)
	_, err = io.WriteString(w, data)
	require.NoError(t, err)
	require.NoError(t, w.Close())
}

func read(t *testing.T, fsys warehouse.FS, name string) string {
	t.Helper()
	f, err := fsys.Open(name)
	require.NoError(t, err)
	defer f.Close()
	b, err := io.ReadAll(f)
	require.NoError(t, err)
	assert.EqualValues(t, len(b), f.Size())
	return string(b)
}

func names(t *testing.T, fsys warehouse.FS, dir string) []string {
	t.Helper()
	infos, err := fsys.ReadDir(dir)
	require.NoError(t, err)
	var out []string
	for _, fi := range infos {
		out = append(out, fi.Name())
	}
	return out
}

// testFS is the specification every warehouse filesystem meets, under dir.
func testFS(t *testing.T, fsys warehouse.FS, dir string) {
	t.Run("create makes parents and truncates", func(t *testing.T) {
		name := dir + "/a/b/c.txt"
		write(t, fsys, name, "first, longer")
		write(t, fsys, name, "second")
		assert.Equal(t, "second", read(t, fsys, name))
		fi, err := fsys.Stat(dir + "/a/b")
		require.NoError(t, err)
		assert.True(t, fi.IsDir())
	})
	t.Run("read at offsets", func(t *testing.T) {
		name := dir + "/ra.bin"
		write(t, fsys, name, "0123456789")
		f, err := fsys.Open(name)
		require.NoError(t, err)
		defer f.Close()
		buf := make([]byte, 3)
		_, err = f.ReadAt(buf, 6)
		require.NoError(t, err)
		assert.Equal(t, "678", string(buf))
	})
	t.Run("missing paths", func(t *testing.T) {
		_, err := fsys.Stat(dir + "/missing")
		assert.ErrorIs(t, err, fs.ErrNotExist)
		_, err = fsys.Open(dir + "/missing")
		assert.ErrorIs(t, err, fs.ErrNotExist)
		_, err = fsys.ReadDir(dir + "/missing")
		assert.ErrorIs(t, err, fs.ErrNotExist)
		assert.NoError(t, fsys.RemoveAll(dir+"/missing"))
	})
	t.Run("read dir is sorted", func(t *testing.T) {
		d := dir + "/sorted"
		for _, n := range []string{"part-1", "_SUCCESS", "b", "A"} {
			write(t, fsys, d+"/"+n, n)
		}
		require.NoError(t, fsys.MkdirAll(d+"/sub"))
		assert.Equal(t, []string{"A", "_SUCCESS", "b", "part-1", "sub"}, names(t, fsys, d))
		fi, err := fsys.Stat(d + "/b")
		require.NoError(t, err)
		assert.EqualValues(t, 1, fi.Size())
		owner, _, repl := warehouse.Owner(fi)
		assert.NotEmpty(t, owner)
		assert.GreaterOrEqual(t, repl, 1)
	})
	t.Run("rename never replaces", func(t *testing.T) {
		d := dir + "/rename"
		write(t, fsys, d+"/old/f", "old")
		write(t, fsys, d+"/new/f", "new")
		err := fsys.Rename(d+"/new", d+"/old")
		assert.ErrorIs(t, err, fs.ErrExist)
		assert.Equal(t, "old", read(t, fsys, d+"/old/f"))
		require.NoError(t, fsys.Rename(d+"/new", d+"/moved/deeper/new"))
		assert.Equal(t, "new", read(t, fsys, d+"/moved/deeper/new/f"))
		_, err = fsys.Stat(d + "/new")
		assert.ErrorIs(t, err, fs.ErrNotExist)
	})
	t.Run("remove all", func(t *testing.T) {
		d := dir + "/rm"
		write(t, fsys, d+"/x/y", "y")
		require.NoError(t, fsys.RemoveAll(d))
		_, err := fsys.Stat(d)
		assert.ErrorIs(t, err, fs.ErrNotExist)
		assert.Error(t, fsys.RemoveAll("/"), "the root is never removed")
	})
	t.Run("paths must be absolute", func(t *testing.T) {
		_, err := fsys.Create("tmp/relative")
		assert.ErrorContains(t, err, "must be absolute")
	})
	t.Run("uri and path round trip", func(t *testing.T) {
		uri := fsys.URI(dir + "/tbl")
		assert.True(t, strings.HasPrefix(uri, "file:///") || strings.HasPrefix(uri, "hdfs://"), uri)
		p, err := fsys.Path(uri)
		require.NoError(t, err)
		assert.Equal(t, dir+"/tbl", p)
		p, err = fsys.Path(dir + "/x/../tbl")
		require.NoError(t, err)
		assert.Equal(t, dir+"/tbl", p)
	})
	t.Run("faulty fails the nth write and nothing else", func(t *testing.T) {
		f := warehouse.FailNthWrite(fsys, 2)
		w, err := f.Create(dir + "/faulty")
		require.NoError(t, err)
		_, err = io.WriteString(w, "ok")
		require.NoError(t, err)
		_, err = io.WriteString(w, "fails")
		require.ErrorIs(t, err, warehouse.ErrInjected)
		_, err = io.WriteString(w, "ok again")
		require.NoError(t, err)
		require.NoError(t, w.Close())
		f = &warehouse.Faulty{FS: fsys, FailRename: 1}
		err = f.Rename(dir+"/faulty", dir+"/faulty2")
		require.ErrorIs(t, err, warehouse.ErrInjected)
		_, err = fsys.Stat(dir + "/faulty")
		assert.NoError(t, err, "a failed rename moved nothing")
	})
}

func TestLocalStaysUnderItsRoot(t *testing.T) {
	root := t.TempDir()
	l, err := warehouse.NewLocal(root)
	require.NoError(t, err)
	write(t, l, "/../../escape", "x")
	p, err := l.OSPath("/../../escape")
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(root, "escape"), p)
	_, err = l.Path("file:///etc/passwd")
	assert.ErrorContains(t, err, "outside the local warehouse")
	// Errors name warehouse paths, not the directory behind them.
	_, err = l.Open("/tmp/missing")
	assert.EqualError(t, err, "open /tmp/missing: no such file or directory")
	assert.Equal(t, "file://"+filepath.ToSlash(filepath.Join(root, "tmp", "x")), l.URI("/tmp/x"))
}

func TestOpen(t *testing.T) {
	dir := t.TempDir()
	fsys, err := warehouse.Open("file://" + dir)
	require.NoError(t, err)
	_, ok := fsys.(*warehouse.Local)
	assert.True(t, ok)
	_, err = warehouse.Open("s3://bucket")
	assert.ErrorContains(t, err, "scheme must be file:// or hdfs://")
	_, err = warehouse.Open(path.Join(dir, "no-scheme"))
	assert.Error(t, err)
	assert.False(t, errors.Is(err, fs.ErrNotExist))
}

// On HDFS the files are the user's that WithUser names (the embedded
// backend's local warehouse has no users of its own: the test skips there).
func TestHDFSUser(t *testing.T) {
	s := harness.Start(t)
	if !strings.HasPrefix(s.Warehouse, "hdfs://") {
		t.Skipf("the %s stack's warehouse is not HDFS", s.Backend)
	}
	fsys, err := warehouse.Open(s.Warehouse, warehouse.WithUser("alice"))
	require.NoError(t, err)
	t.Cleanup(func() { fsys.Close() })
	dir := s.Path("/tmp/alice")
	t.Cleanup(func() { fsys.RemoveAll(dir) })
	write(t, fsys, dir+"/a", "a")
	fi, err := fsys.Stat(dir + "/a")
	require.NoError(t, err)
	owned, ok := fi.(interface{ Owner() string })
	require.True(t, ok, "an HDFS file's info names its owner")
	assert.Equal(t, "alice", owned.Owner())
}
