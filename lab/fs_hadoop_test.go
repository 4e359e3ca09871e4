package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
)

// hadoop fs's and hdfs dfs's command lines become lab fs's.
func TestHadoopArgs(t *testing.T) {
	valued := valuedFlags(newRootCmd(newGlobals(func(string) string { return "" })))
	for _, tc := range []struct{ in, want string }{
		{"fs -ls /tmp/", "fs ls /tmp/"},
		{"fs -ls -R /tmp/", "fs ls -R /tmp/"},
		{"hadoop fs -ls /tmp/", "fs ls /tmp/"},
		{"hdfs dfs -cat /tmp/purchases/_SUCCESS", "fs cat /tmp/purchases/_SUCCESS"},
		{"--dir /tmp/st hadoop fs -rm -r -skipTrash /tmp/x", "--dir /tmp/st fs rm -r --skipTrash /tmp/x"},
		{"fs -rmr /tmp/x", "fs rm -r /tmp/x"},
		{"fs -mkdir -p /tmp/a/b", "fs mkdir -p /tmp/a/b"},
		{"fs -put -f a.json /tmp/in", "fs put -f a.json /tmp/in"},
		{"fs -get /tmp/purchases .", "fs get /tmp/purchases ."},
		{"fs ls /tmp/", "fs ls /tmp/"},
		{"tail -t events -o beginning", "tail -t events -o beginning"},
		{"--dir fs tail -t x", "--dir fs tail -t x"},
	} {
		got := strings.Join(hadoopArgs(strings.Fields(tc.in), valued), " ")
		assert.Equal(t, tc.want, got, "lab %s", tc.in)
	}
}

// -mkdir, -put, -get and -ls -R as hadoop fs does them, errors in its words.
func TestFsMkdirPutGet(t *testing.T) {
	fsys, err := warehouse.NewLocal(t.TempDir())
	require.NoError(t, err)
	local := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(local, "a.json"), []byte(`{"x":1}`), 0o644))
	require.NoError(t, os.MkdirAll(filepath.Join(local, "dir", "sub"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(local, "dir", "sub", "b.txt"), []byte("b"), 0o644))

	var o fsOpOptions
	assert.EqualError(t, o.mkdir(fsys, []string{"/tmp/in/x"}), "mkdir: `/tmp/in/x': No such file or directory")
	require.NoError(t, fsOpOptions{Parents: true}.mkdir(fsys, []string{"/tmp/in"}))
	require.NoError(t, fsOpOptions{Parents: true}.mkdir(fsys, []string{"/tmp/in"}), "-p: no error when it exists")
	assert.EqualError(t, o.mkdir(fsys, []string{"/tmp/in"}), "mkdir: `/tmp/in': File exists")

	require.NoError(t, o.put(fsys, []string{filepath.Join(local, "a.json"), filepath.Join(local, "dir")}, "/tmp/in"))
	assert.EqualError(t, o.put(fsys, []string{filepath.Join(local, "a.json")}, "/tmp/in"), "put: `/tmp/in/a.json': File exists")
	require.NoError(t, fsOpOptions{Force: true}.put(fsys, []string{filepath.Join(local, "a.json")}, "/tmp/in"))
	assert.EqualError(t, o.put(fsys, []string{filepath.Join(local, "nope")}, "/tmp/in"), "put: `"+filepath.Join(local, "nope")+"': No such file or directory")

	var b bytes.Buffer
	require.NoError(t, warehouse.ListRecursive(&b, fsys, "/tmp/in"))
	var names []string
	for _, l := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		f := strings.Fields(l)
		names = append(names, f[0][:1]+" "+f[len(f)-1])
	}
	assert.Equal(t, []string{"- /tmp/in/a.json", "d /tmp/in/dir", "d /tmp/in/dir/sub", "- /tmp/in/dir/sub/b.txt"}, names)

	out := t.TempDir()
	require.NoError(t, o.get(fsys, []string{"/tmp/in"}, out))
	got, err := os.ReadFile(filepath.Join(out, "in", "dir", "sub", "b.txt"))
	require.NoError(t, err)
	assert.Equal(t, "b", string(got))
	assert.EqualError(t, o.get(fsys, []string{"/tmp/in"}, out), "get: `"+filepath.Join(out, "in")+"': File exists")
	assert.EqualError(t, o.get(fsys, []string{"/tmp/nope"}, filepath.Join(out, "x")), "get: `/tmp/nope': No such file or directory")
}
