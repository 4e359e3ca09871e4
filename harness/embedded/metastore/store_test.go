package metastore

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/beltran/gohive/hive_metastore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func openTestStore(t testing.TB, dir string) *store {
	t.Helper()
	s, err := openStore(dir, "file:///wh")
	require.NoError(t, err)
	return s
}

// crash drops the store as a kill -9 would: no snapshot at close.
func crash(s *store) { s.log.close() }

// dump is the catalog's content, for comparisons.
func dump(t testing.TB, s *store) string {
	t.Helper()
	var b []byte
	s.view(func(c *catalog) {
		var err error
		b, err = json.Marshal(struct {
			D map[string]*hive_metastore.Database
			T map[string]map[string]*hive_metastore.Table
		}{c.Databases, c.Tables})
		require.NoError(t, err)
	})
	return string(b)
}

func table(db, name string) *hive_metastore.Table {
	return &hive_metastore.Table{DbName: db, TableName: name, TableType: "EXTERNAL_TABLE",
		Sd: &hive_metastore.StorageDescriptor{Cols: []*hive_metastore.FieldSchema{{Name: "host", Type: "string"}},
			Location: "file:///wh/tmp/" + name}}
}

// randomDDL runs n statements picked at random (creates, renames, drops of
// tables and databases, some failing) through the handler.
func randomDDL(t testing.TB, h *handler, rng *rand.Rand, n int) {
	ctx := context.Background()
	dbs := []string{"default", "lab", "sales"}
	for i := range n {
		db := dbs[rng.IntN(len(dbs))]
		name := fmt.Sprintf("t%d", rng.IntN(40))
		switch op := rng.IntN(10); {
		case op < 5:
			h.CreateTable(ctx, table(db, name))
		case op < 7:
			h.AlterTable(ctx, db, name, table(dbs[rng.IntN(len(dbs))], fmt.Sprintf("t%d", rng.IntN(40))))
		case op < 9:
			h.DropTable(ctx, db, name, false)
		case i%3 == 0 && db != "default":
			h.DropDatabase(ctx, db, false, true)
		default:
			h.CreateDatabase(ctx, &hive_metastore.Database{Name: db})
		}
	}
}

// The catalog read back after many statements equals the catalog in
// memory: after a clean close, after a kill (the log replayed), and across
// compactions (snapshot and log together).
func TestCatalogReloadsAfterManyStatements(t *testing.T) {
	seed := rand.Uint64()
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	dir := t.TempDir()
	s := openTestStore(t, dir)
	s.compactAt = 16 << 10 // compact every few dozen statements
	for round := range 6 {
		randomDDL(t, &handler{store: s}, rng, 300)
		want := dump(t, s)
		if round%2 == 0 {
			crash(s)
		} else {
			require.NoError(t, s.close())
			fi, err := os.Stat(filepath.Join(dir, LogFile))
			require.NoError(t, err)
			assert.Zero(t, fi.Size(), "a clean close leaves the catalog in the snapshot")
		}
		s = openTestStore(t, dir)
		s.compactAt = 16 << 10
		require.Equal(t, want, dump(t, s), "round %d", round)
	}
	var snap catalog
	b, err := os.ReadFile(filepath.Join(dir, CatalogFile))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &snap))
	assert.Positive(t, snap.Seq, "compactions wrote snapshots")
	crash(s)
}

// A record cut short or damaged at the end of the log (a crash while it was
// written: the statement was never answered) is dropped and cut off the
// file; the catalog is what it was before it, and takes new statements.
// A damaged record with good ones after it refuses the catalog.
func TestCatalogTornTail(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		tail func(line []byte) []byte
	}{
		{"cut short", func(line []byte) []byte { return line[:len(line)/2] }},
		{"cut before its newline", func(line []byte) []byte { return line[:len(line)-1] }},
		{"zeros", func(line []byte) []byte { return make([]byte, len(line)) }},
		{"damaged", func(line []byte) []byte {
			b := append([]byte{}, line...)
			b[len(b)/2] ^= 0x20
			return b
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			s := openTestStore(t, dir)
			h := &handler{store: s}
			require.NoError(t, h.CreateDatabase(ctx, &hive_metastore.Database{Name: "lab"}))
			require.NoError(t, h.CreateTable(ctx, table("lab", "kept")))
			want := dump(t, s)
			crash(s)

			torn := table("lab", "torn")
			torn.OwnerType = hive_metastore.PrincipalType_USER
			line, err := encodeRecord(logRecord{Seq: 4, Changes: []change{{Op: opPutTable, Table: torn}}})
			require.NoError(t, err)
			logPath := filepath.Join(dir, LogFile)
			whole, err := os.ReadFile(logPath)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(logPath, append(append([]byte{}, whole...), tc.tail(line)...), 0o644))

			s = openTestStore(t, dir)
			assert.Equal(t, want, dump(t, s))
			assert.Equal(t, int64(len(tc.tail(line))), s.log.dropped)
			got, err := os.ReadFile(logPath)
			require.NoError(t, err)
			assert.Equal(t, whole, got, "the torn tail is cut off")
			h = &handler{store: s}
			require.NoError(t, h.CreateTable(ctx, table("lab", "after")))
			want = dump(t, s)
			crash(s)
			s = openTestStore(t, dir)
			assert.Equal(t, want, dump(t, s))
			crash(s)
		})
	}

	t.Run("damaged in the middle", func(t *testing.T) {
		dir := t.TempDir()
		s := openTestStore(t, dir)
		h := &handler{store: s}
		require.NoError(t, h.CreateDatabase(ctx, &hive_metastore.Database{Name: "lab"}))
		require.NoError(t, h.CreateTable(ctx, table("lab", "a")))
		require.NoError(t, h.CreateTable(ctx, table("lab", "b")))
		crash(s)
		logPath := filepath.Join(dir, LogFile)
		b, err := os.ReadFile(logPath)
		require.NoError(t, err)
		b[len(b)/2] ^= 0x20
		require.NoError(t, os.WriteFile(logPath, b, 0o644))
		_, err = openStore(dir, "file:///wh")
		require.Error(t, err)
		assert.Regexp(t, `^metastore log .*catalog\.log: the record at byte \d+ is damaged \(.*\) and records follow it: the catalog cannot be read back whole$`, err.Error())
	})
}

// An enum out of range (a client may send any i32) is stored as Thrift's
// default: encoding/json would write it as "<UNSET>" and fail to read it
// back, and the catalog would not load at the next start.
func TestOwnerTypeOutOfRangeIsStored(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := openTestStore(t, dir)
	h := &handler{store: s}
	require.NoError(t, h.CreateDatabase(ctx, &hive_metastore.Database{Name: "lab", OwnerType: ptr(hive_metastore.PrincipalType(0))}))
	tb := table("lab", "t")
	tb.OwnerType = 77
	require.NoError(t, h.CreateTable(ctx, tb))
	want := dump(t, s)
	require.NoError(t, s.close())
	s = openTestStore(t, dir)
	assert.Equal(t, want, dump(t, s))
	got, err := h.GetTable(ctx, "lab", "t")
	require.NoError(t, err)
	assert.Equal(t, hive_metastore.PrincipalType_USER, got.OwnerType)
	crash(s)
	// A change that would not read back is refused, not logged.
	_, err = encodeRecord(logRecord{Seq: 1, Changes: []change{{Op: opPutTable, Table: tb}}})
	require.ErrorContains(t, err, "the change would not read back: not a valid PrincipalType string")
}

// A catalog.json written before the log existed (no seq) loads, and takes
// new statements through the log.
func TestOldCatalogLoads(t *testing.T) {
	dir := t.TempDir()
	old := `{
  "databases": {
    "default": {"name": "default", "description": "Default Hive database", "locationUri": "file:///wh/user/hive/warehouse", "parameters": {}},
    "lab": {"name": "lab", "description": "", "locationUri": "file:///wh/user/hive/warehouse/lab.db", "parameters": {}}
  },
  "tables": {
    "default": {},
    "lab": {"swords": {"tableName": "swords", "dbName": "lab", "owner": "", "createTime": 1, "lastAccessTime": 0, "retention": 0,
      "sd": {"cols": [{"name": "host", "type": "string", "comment": ""}], "location": "file:///wh/tmp/swords", "inputFormat": "", "outputFormat": "", "compressed": false, "numBuckets": 0, "serdeInfo": null, "bucketCols": null, "sortCols": null, "parameters": null},
      "partitionKeys": [], "parameters": {}, "viewOriginalText": "", "viewExpandedText": "", "tableType": "EXTERNAL_TABLE"}}
  }
}
`
	require.NoError(t, os.WriteFile(filepath.Join(dir, CatalogFile), []byte(old), 0o644))
	s := openTestStore(t, dir)
	h := &handler{store: s}
	tb, err := h.GetTable(context.Background(), "lab", "swords")
	require.NoError(t, err)
	assert.Equal(t, "file:///wh/tmp/swords", tb.Sd.Location)
	require.NoError(t, h.CreateTable(context.Background(), table("lab", "more")))
	want := dump(t, s)
	crash(s)
	s = openTestStore(t, dir)
	assert.Equal(t, want, dump(t, s))
	require.NoError(t, s.close())
}

// CREATE TABLE beside 0, 1,000 and 10,000 tables: the cost per statement
// does not grow with the catalog (it was a rewrite of the whole catalog).
//
//	go test -run XXX -bench CreateTable ./harness/embedded/metastore/
func BenchmarkCreateTable(b *testing.B) {
	for _, existing := range []int{0, 1000, 10000} {
		b.Run(fmt.Sprintf("existing=%d", existing), func(b *testing.B) {
			dir := b.TempDir()
			s := openTestStore(b, dir)
			h := &handler{store: s}
			ctx := context.Background()
			require.NoError(b, h.CreateDatabase(ctx, &hive_metastore.Database{Name: "lab"}))
			s.mu.Lock()
			for i := range existing {
				tb := table("lab", fmt.Sprintf("old%d", i))
				s.cat.Tables["lab"][tb.TableName] = tb
			}
			require.NoError(b, s.snapshot())
			s.log.snapshotSize = 0
			if fi, err := os.Stat(filepath.Join(dir, CatalogFile)); err == nil {
				s.log.snapshotSize = fi.Size()
			}
			s.mu.Unlock()
			b.ResetTimer()
			for i := range b.N {
				if err := h.CreateTable(ctx, table("lab", fmt.Sprintf("new%d", i))); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			crash(s)
		})
	}
}

// A compaction killed after its snapshot and before it emptied the log: the
// records the snapshot holds are not applied twice.
func TestCompactionInterrupted(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := openTestStore(t, dir)
	h := &handler{store: s}
	require.NoError(t, h.CreateDatabase(ctx, &hive_metastore.Database{Name: "lab"}))
	require.NoError(t, h.CreateTable(ctx, table("lab", "a")))
	require.NoError(t, h.AlterTable(ctx, "lab", "a", table("lab", "b")))
	s.mu.Lock()
	require.NoError(t, s.snapshot()) // killed here: the log still holds every record
	s.mu.Unlock()
	require.NoError(t, h.CreateTable(ctx, table("lab", "a")))
	want := dump(t, s)
	crash(s)
	s = openTestStore(t, dir)
	assert.Equal(t, want, dump(t, s))
	require.NoError(t, s.close())
}
