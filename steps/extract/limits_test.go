package extract_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/classdata"
	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
	"github.com/fullstack-lab/fullstack-lab/steps/extract"
)

// written is what a Run wrote to one output, as readers see it.
type written struct {
	Schema []string // name type
	Show   string   // the preview, as Show prints it
	Rows   [][]string
	Parts  int
}

func readOutput(t *testing.T, fsys warehouse.FS, o extract.Output) written {
	t.Helper()
	var w written
	for _, c := range o.Schema {
		w.Schema = append(w.Schema, c.Name+" "+c.Type.String())
	}
	var b strings.Builder
	require.NoError(t, extract.Show(&b, o.Head, 20, 20))
	w.Show = b.String()
	parts := partFiles(t, fsys, o.Path)
	w.Parts = len(parts)
	w.Rows = duck(t, fsys, parts, `SELECT * FROM $files ORDER BY "timestamp"`)
	return w
}

// growingEvents are purchases whose schema grows after the first rows: n
// turns from long to double at record 25, a new field at record 28, and a
// null at record 3; with split, guild events join at records 5 and 31.
func growingEvents() []string {
	var vals []string
	for i := range 40 {
		switch {
		case i == 3:
			vals = append(vals, fmt.Sprintf(`{"event_type": "purchase_sword", "Host": "h%d", "n": null}`, i))
		case i == 5:
			vals = append(vals, `{"event_type": "join_guild", "guild": "knights", "level": 3}`)
		case i == 25:
			vals = append(vals, fmt.Sprintf(`{"event_type": "purchase_sword", "Host": "h%d", "n": 2.5}`, i))
		case i == 28:
			vals = append(vals, fmt.Sprintf(`{"event_type": "purchase_sword", "Host": "h%d", "n": %d, "color": "red"}`, i, i))
		case i == 31:
			vals = append(vals, `{"event_type": "join_guild", "guild": "mages", "level": "four"}`)
		case i == 33:
			vals = append(vals, `{"event_type": "purchase_sword", "timestamp": 1}`)
		default:
			vals = append(vals, fmt.Sprintf(`{"event_type": "purchase_sword", "Host": "h%d", "n": %d}`, i, i))
		}
	}
	return vals
}

// The inferred shape holds one row group to know its schema, then streams;
// a schema that grows later makes a second read. Whichever way a run goes,
// it writes what holding every row writes.
func TestInferredSchemaFoundWithoutHoldingTheRows(t *testing.T) {
	s := harness.Start(t)
	fsys := s.WarehouseFS(t)
	grow := s.Name("grow")
	produce(t, s, grow, 0, growingEvents()...)
	steady := s.Name("steady")
	produce(t, s, steady, 0, classdata.Values()...)

	for _, tc := range []struct {
		name, topic string
		split       bool
	}{
		{"schema grows", grow, false},
		{"schema grows, split", grow, true},
		{"schema steady", steady, false},
		{"schema steady, split", steady, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var want []written
			var wantRes extract.Result
			for _, rowGroup := range []int{0, 4, 8, 30} {
				out := s.Path(fmt.Sprintf("/tmp/inferred-%s-%d", strings.ReplaceAll(tc.name, " ", ""), rowGroup))
				cfg := extract.Config{Brokers: s.Kafka, Topic: tc.topic, FS: fsys, Path: out, Split: tc.split}
				cfg.RowGroupRows = rowGroup
				res, err := run(t, cfg)
				require.NoError(t, err)
				var got []written
				for _, o := range res.Outputs {
					got = append(got, readOutput(t, fsys, o))
					noLeftovers(t, fsys, o.Path)
				}
				if rowGroup == 0 {
					want, wantRes = got, res
					continue
				}
				assert.Equal(t, want, got, "row groups of %d rows", rowGroup)
				assert.Equal(t, wantRes.Read, res.Read)
				assert.Equal(t, wantRes.Filtered, res.Filtered)
				assert.Equal(t, wantRes.Skipped, res.Skipped)
				assert.Equal(t, wantRes.Rows(), res.Rows())
			}
			if tc.topic == grow {
				require.NotEmpty(t, want)
				assert.Contains(t, want[0].Schema, "n double")
				assert.Contains(t, want[0].Schema, "color string")
				assert.EqualValues(t, 1, wantRes.Skipped.Total())
			}
		})
	}
}

// Part files split as Spark's maxRecordsPerFile splits them, in both shapes.
func TestMaxRecordsPerFile(t *testing.T) {
	s := harness.Start(t)
	topic := s.Name("events")
	produce(t, s, topic, 0, classdata.Values()...)
	fsys := s.WarehouseFS(t)
	for _, shape := range []extract.Shape{extract.ShapeInferred, extract.ShapeExplicit} {
		for _, max := range []int64{1, 7, 10, 20, 21} {
			t.Run(fmt.Sprintf("%s/%d", shape, max), func(t *testing.T) {
				out := s.Path(fmt.Sprintf("/tmp/max-%s-%d", shape, max))
				cfg := extract.Config{Brokers: s.Kafka, Topic: topic, FS: fsys, Path: out, Shape: shape}
				cfg.MaxRecordsPerFile = max
				res, err := run(t, cfg)
				require.NoError(t, err)
				parts := partFiles(t, fsys, out)
				wantParts := int((20 + max - 1) / max)
				require.Len(t, parts, wantParts)
				assert.Equal(t, parts, res.Outputs[0].Files)
				var total int
				for i, p := range parts {
					n := duck(t, fsys, []string{p}, `SELECT count(*) FROM $files`)[0][0]
					want := max
					if i == wantParts-1 {
						want = 20 - max*int64(wantParts-1)
					}
					assert.Equal(t, fmt.Sprint(want), n, "rows of %s", p)
					total += int(want)
					assert.Contains(t, p, fmt.Sprintf("part-%05d-", i))
				}
				assert.Equal(t, 20, total)
				assert.Equal(t, purchaseTimes(), column(duck(t, fsys, parts, `SELECT "timestamp" FROM $files ORDER BY 1`)))
			})
		}
	}
}

// Part files split by size, at row-group ends.
func TestMaxFileBytes(t *testing.T) {
	s := harness.Start(t)
	topic := s.Name("events")
	var vals []string
	for i := range 2000 {
		vals = append(vals, classdata.Event("purchase_sword", fmt.Sprintf("host%d.example.com", i)))
	}
	produce(t, s, topic, 0, vals...)
	fsys := s.WarehouseFS(t)
	for _, shape := range []extract.Shape{extract.ShapeInferred, extract.ShapeExplicit} {
		t.Run(shape.String(), func(t *testing.T) {
			// One part of everything, to size the limit by.
			whole := s.Path("/tmp/whole-" + shape.String())
			_, err := run(t, extract.Config{Brokers: s.Kafka, Topic: topic, FS: fsys, Path: whole, Shape: shape})
			require.NoError(t, err)
			one := partFiles(t, fsys, whole)
			require.Len(t, one, 1)
			info, err := fsys.Stat(one[0])
			require.NoError(t, err)

			out := s.Path("/tmp/bytes-" + shape.String())
			cfg := extract.Config{Brokers: s.Kafka, Topic: topic, FS: fsys, Path: out, Shape: shape}
			cfg.MaxFileBytes = info.Size() / 4
			cfg.RowGroupRows = 100
			res, err := run(t, cfg)
			require.NoError(t, err)
			parts := partFiles(t, fsys, out)
			assert.GreaterOrEqual(t, len(parts), 3, "a quarter of the size each")
			var total int64
			for i, p := range parts {
				fi, err := fsys.Stat(p)
				require.NoError(t, err)
				n := duck(t, fsys, []string{p}, `SELECT count(*) FROM $files`)[0][0]
				var rows int64
				fmt.Sscan(n, &rows)
				total += rows
				if i < len(parts)-1 {
					assert.GreaterOrEqual(t, fi.Size(), cfg.MaxFileBytes, "%s is cut at the limit", p)
					assert.Zero(t, rows%100, "%s is cut at a row group's end", p)
				}
				assert.Less(t, fi.Size(), cfg.MaxFileBytes+info.Size()/2, "%s passes the limit by less than a row group", p)
			}
			assert.EqualValues(t, 2000, total)
			assert.EqualValues(t, 2000, res.Rows())
			assert.Equal(t, [][]string{{"2000", "2000"}}, duck(t, fsys, parts, `SELECT count(*), count(DISTINCT "Host") FROM $files`))
		})
	}
}

func column(rows [][]string) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r[0]
	}
	return out
}
