package extract_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/steps/extract"
)

func TestParseReasons(t *testing.T) {
	for _, tc := range []struct {
		value string
		want  extract.Reason
	}{
		{``, extract.InvalidJSON},
		{`   `, extract.InvalidJSON},
		{`{`, extract.InvalidJSON},
		{`{"event_type": "a",}`, extract.InvalidJSON},
		{`{"event_type": "a"} x`, extract.InvalidJSON},
		{`{"event_type": 'a'}`, extract.InvalidJSON},
		{`{"event_type": "a", "n": 01}`, extract.InvalidJSON},
		{`{"event_type": "a", "n": [1,]}`, extract.InvalidJSON},
		{`{"event_type": "a", "s": "tab	inside"}`, extract.InvalidJSON},
		{`{"event_type": "a", "s": "\x"}`, extract.InvalidJSON},
		{`{"event_type": "a", "n": NaN}`, extract.InvalidJSON},
		{`[1, 2]`, extract.NotObject},
		{`"purchase_sword"`, extract.NotObject},
		{`42`, extract.NotObject},
		{`null`, extract.NotObject},
		{`{}`, extract.MissingEventType},
		{`{"Event_Type": "purchase_sword"}`, extract.MissingEventType},
		{`{"event_type": null}`, extract.EventTypeNotString},
		{`{"event_type": ["purchase_sword"]}`, extract.EventTypeNotString},
		{`{"event_type": true}`, extract.EventTypeNotString},
		{"{\"event_type\": \"caf\xe9\"}", extract.InvalidUTF8},
		{`{"event_type": "a", "pad": "` + strings.Repeat("x", extract.DefaultMaxValueBytes) + `"}`, extract.TooLarge},
	} {
		_, err := extract.Parse(kafka.Message{Value: []byte(tc.value), Partition: 2, Offset: 7})
		var bad *extract.BadRecord
		require.True(t, errors.As(err, &bad), "Parse(%.40q) = %v, want a bad record", tc.value, err)
		assert.Equal(t, tc.want, bad.Reason, "Parse(%.40q): %v", tc.value, err)
		assert.Equal(t, 7, int(bad.Offset))
		assert.True(t, strings.HasPrefix(err.Error(), "record 2@7: "+tc.want.String()), err.Error())
	}
}

func TestParseFields(t *testing.T) {
	at := time.Date(2018, 4, 4, 22, 36, 13, 124_000_000, time.UTC)
	raw := []byte(` { "event_type" : "purchase_sword", "Host": "user1.comcast.com", "n": -12, "x": 1.5e3,
		"ok": false, "none": null, "obj": {"a": [1, {"b": "}"}]}, "esc": "a\"b\\c\u00e9\ud83d\ude00\n", "n": 13 } `)
	e, err := extract.Parse(kafka.Message{Value: raw, Time: at, Partition: 1, Offset: 5})
	require.NoError(t, err)
	assert.Equal(t, "purchase_sword", e.EventType)
	assert.Equal(t, at, e.Time)
	assert.Equal(t, raw, e.Raw)
	assert.Equal(t, []extract.Field{
		{Name: "event_type", Kind: extract.KindString, Value: "purchase_sword"},
		{Name: "Host", Kind: extract.KindString, Value: "user1.comcast.com"},
		{Name: "n", Kind: extract.KindLong, Value: "13"}, // the last of a repeated name wins
		{Name: "x", Kind: extract.KindDouble, Value: "1.5e3"},
		{Name: "ok", Kind: extract.KindBool, Value: "false"},
		{Name: "none", Kind: extract.KindNull, Value: "null"},
		{Name: "obj", Kind: extract.KindJSON, Value: `{"a": [1, {"b": "}"}]}`},
		{Name: "esc", Kind: extract.KindString, Value: "a\"b\\cé😀\n"},
	}, e.Fields)
}

func TestParseNamesAlike(t *testing.T) {
	// Names of one length with the same first and last bytes are still told apart.
	e, err := extract.Parse(kafka.Message{Value: []byte(`{"event_type": "e", "abc": 1, "axc": 2, "abc": 3, "event_typE": 4}`)})
	require.NoError(t, err)
	assert.Equal(t, []extract.Field{
		{Name: "event_type", Kind: extract.KindString, Value: "e"},
		{Name: "abc", Kind: extract.KindLong, Value: "3"},
		{Name: "axc", Kind: extract.KindLong, Value: "2"},
		{Name: "event_typE", Kind: extract.KindLong, Value: "4"},
	}, e.Fields)
	assert.Equal(t, "e", e.EventType)
}

func TestParseManyFields(t *testing.T) {
	var b bytes.Buffer
	b.WriteString(`{"event_type": "e"`)
	for i := range 100 {
		b.WriteString(`, "f` + string(rune('a'+i%26)) + strings.Repeat("z", i/26) + `": 1`)
	}
	b.WriteString(`, "fa": 2}`)
	e, err := extract.Parse(kafka.Message{Value: b.Bytes()})
	require.NoError(t, err)
	assert.Len(t, e.Fields, 101)
	f, ok := e.Get("fa")
	require.True(t, ok)
	assert.Equal(t, "2", f.Value)
}

func TestSparkTimestamp(t *testing.T) {
	base := time.Date(2018, 4, 4, 22, 36, 13, 0, time.UTC)
	for _, tc := range []struct {
		ms   int
		want string
	}{
		{124, "2018-04-04 22:36:13.124"},
		{120, "2018-04-04 22:36:13.12"},
		{100, "2018-04-04 22:36:13.1"},
		{0, "2018-04-04 22:36:13"},
		{5, "2018-04-04 22:36:13.005"},
	} {
		got := extract.SparkTimestamp(base.Add(time.Duration(tc.ms) * time.Millisecond))
		assert.Equal(t, tc.want, got, "SparkTimestamp(+%dms)", tc.ms)
	}
	// Spark keeps microseconds: finer digits are cut, not rounded, and never printed.
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{124_567 * time.Microsecond, "2018-04-04 22:36:13.124567"},
		{124_567*time.Microsecond + 999, "2018-04-04 22:36:13.124567"},
		{999_999*time.Microsecond + 999, "2018-04-04 22:36:13.999999"},
		{10 * time.Microsecond, "2018-04-04 22:36:13.00001"},
		{999, "2018-04-04 22:36:13"},
		{100 * time.Millisecond, "2018-04-04 22:36:13.1"},
	} {
		got := extract.SparkTimestamp(base.Add(tc.d))
		assert.Equal(t, tc.want, got, "SparkTimestamp(+%s)", tc.d)
	}
	assert.Equal(t, "0999-12-31 23:59:59", extract.SparkTimestamp(time.Date(999, 12, 31, 23, 59, 59, 0, time.UTC)), "a 4-digit year")
	// The time zone is UTC whatever the input's.
	ny := time.FixedZone("EDT", -4*3600)
	assert.Equal(t, "2018-04-04 22:36:13.124", extract.SparkTimestamp(base.Add(124*time.Millisecond).In(ny)))
}

func TestInferredSchemaIsTheSortedUnion(t *testing.T) {
	parse := func(v string, ms int) extract.Event {
		e, err := extract.Parse(kafka.Message{Value: []byte(v), Time: time.UnixMilli(int64(ms)).UTC()})
		require.NoError(t, err)
		return e
	}
	tbl, err := extract.Inferred([]extract.Event{
		parse(`{"event_type": "a", "User-Agent": "ab", "n": 1, "mixed": 1, "f": 1}`, 1),
		parse(`{"event_type": "b", "Accept": "*/*", "n": 2, "mixed": "x", "f": 2.5, "ok": true, "nested": [1]}`, 1500),
	})
	require.NoError(t, err)
	assert.Equal(t, extract.Schema{
		{Name: "Accept", Type: extract.StringType},
		{Name: "User-Agent", Type: extract.StringType},
		{Name: "event_type", Type: extract.StringType},
		{Name: "f", Type: extract.DoubleType},
		{Name: "mixed", Type: extract.StringType},
		{Name: "n", Type: extract.LongType},
		{Name: "nested", Type: extract.StringType},
		{Name: "ok", Type: extract.BooleanType},
		{Name: "timestamp", Type: extract.StringType},
	}, tbl.Schema)
	require.Len(t, tbl.Rows, 2)
	text := func(r extract.Row) []string {
		var out []string
		for i, v := range r {
			out = append(out, v.Text(tbl.Schema[i].Type))
		}
		return out
	}
	assert.Equal(t, []string{"null", "ab", "a", "1.0", "1", "1", "null", "null", "1970-01-01 00:00:00.001"}, text(tbl.Rows[0]))
	assert.Equal(t, []string{"*/*", "null", "b", "2.5", "x", "2", "[1]", "true", "1970-01-01 00:00:01.5"}, text(tbl.Rows[1]))

	_, err = extract.Inferred(nil)
	assert.ErrorIs(t, err, extract.ErrNoRows)
}

func TestExplicitReadsFieldsAsStrings(t *testing.T) {
	raw := `{"event_type": "purchase_sword", "Host": 7, "Accept": null, "extra": "x"}`
	e, err := extract.Parse(kafka.Message{Value: []byte(raw), Time: time.UnixMilli(0).UTC()})
	require.NoError(t, err)
	row := extract.Explicit(e)
	assert.Equal(t, extract.Row{
		extract.StringValue(raw),
		extract.StringValue("1970-01-01 00:00:00"),
		extract.Null,
		extract.StringValue("7"),
		extract.Null,
		extract.StringValue("purchase_sword"),
	}, row)
}

func TestShowTruncatesAndSaysWhenThereIsMore(t *testing.T) {
	tbl := extract.Table{Schema: extract.Schema{{Name: "a", Type: extract.StringType}, {Name: "long_column_name", Type: extract.LongType}}}
	for i := range 3 {
		tbl.Rows = append(tbl.Rows, extract.Row{extract.StringValue(strings.Repeat("x", 11*i)), extract.LongValue(int64(i))})
	}
	tbl.Rows = append(tbl.Rows, extract.Row{extract.Null, extract.Null})
	var b strings.Builder
	require.NoError(t, extract.Show(&b, tbl, 3, 20))
	assert.Equal(t, `+--------------------+----------------+
|                   a|long_column_name|
+--------------------+----------------+
|                    |               0|
|         xxxxxxxxxxx|               1|
|xxxxxxxxxxxxxxxxx...|               2|
+--------------------+----------------+
only showing top 3 rows

`, b.String())

	b.Reset()
	require.NoError(t, extract.Show(&b, extract.Table{Schema: extract.Schema{{Name: "x", Type: extract.StringType}}}, 20, 0))
	assert.Equal(t, "+---+\n|x  |\n+---+\n+---+\n\n", b.String())
}

func TestParseMode(t *testing.T) {
	for in, want := range map[string]extract.Mode{"": extract.ErrorIfExists, "error": extract.ErrorIfExists, "ErrorIfExists": extract.ErrorIfExists, "overwrite": extract.Overwrite, "append": extract.Append} {
		got, err := extract.ParseMode(in)
		require.NoError(t, err)
		assert.Equal(t, want, got, "ParseMode(%q)", in)
	}
	_, err := extract.ParseMode("ignore")
	assert.ErrorIs(t, err, extract.ErrBadConfig)
	assert.EqualError(t, err, `invalid config: unknown save mode "ignore": choose error, overwrite or append`)
}

func TestPathSegment(t *testing.T) {
	for in, want := range map[string]string{
		"purchase_sword": "purchase_sword",
		"join-guild":     "join-guild",
		"../etc":         "%2E%2E%2Fetc",
		"_hidden":        "%5Fhidden",
		"a b":            "a%20b",
		"":               "%00",
	} {
		assert.Equal(t, want, extract.PathSegment(in), "PathSegment(%q)", in)
	}
}
