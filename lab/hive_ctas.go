package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/fullstack-lab/fullstack-lab/harness/hms"
	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
	"github.com/fullstack-lab/fullstack-lab/steps/presto"
)

var (
	storedRe   = regexp.MustCompile(`(?is)\bstored\s+as\s+(\w+)`)
	locationRe = regexp.MustCompile(`(?is)\blocation\s+'([^']*)'`)
)

// ctas is CREATE [EXTERNAL] TABLE t [STORED AS PARQUET] [LOCATION 'p'] AS
// SELECT ...: the SELECT runs on the stack's Presto, its rows are written as
// one snappy Parquet file (and _SUCCESS) into the location, and the table is
// created over it in the metastore, as Spark's CTAS (the class's
// write_hive_table.py) does. Presto's varchar becomes string, its integers
// bigint, double and real double, boolean boolean; other types are written
// as strings.
func (h *hiveShell) ctas(ctx context.Context, text string, out io.Writer) error {
	start := time.Now()
	fail := func(format string, args ...any) error {
		fmt.Fprintf(out, "FAILED: "+format+"\n", args...)
		return errStatement
	}
	m := ctasRe.FindStringSubmatch(text)
	ifNotExists, name, props, sel := m[1] != "", strings.ReplaceAll(m[2], "`", ""), m[3], m[4]
	db, table := h.Session.DB, name
	if i := strings.IndexByte(name, '.'); i >= 0 {
		db, table = name[:i], name[i+1:]
	}
	if db == "" {
		db = hms.DefaultDatabase
	}
	if f := storedRe.FindStringSubmatch(props); f != nil && !strings.EqualFold(f[1], "parquet") {
		return fail("lab hive writes the table of a CREATE TABLE ... AS SELECT as Parquet: STORED AS PARQUET, not %s", f[1])
	}
	location := "/user/hive/warehouse/" + table
	if db != hms.DefaultDatabase {
		location = "/user/hive/warehouse/" + db + ".db/" + table
	}
	if l := locationRe.FindStringSubmatch(props); l != nil {
		location = l[1]
	}
	if _, err := h.Session.Metastore.Table(db, table); err == nil {
		if ifNotExists {
			fmt.Fprintf(out, "OK\nTime taken: %.3f seconds\n", time.Since(start).Seconds())
			return nil
		}
		return fail("Execution Error: AlreadyExistsException(message:Table %s.%s already exists)", db, table)
	}
	fsys := h.Session.FS
	dir, err := fsys.Path(location)
	if err != nil {
		return fail("%v", err)
	}
	if ents, err := fsys.ReadDir(dir); err == nil && len(ents) > 0 {
		return fail("SemanticException location %s is not empty: remove it (lab fs -rm -r %s) or give another LOCATION", fsys.URI(dir), location)
	}
	c, err := h.prestoClient(ctx)
	if err != nil {
		return fail("%v", err)
	}
	res, err := c.Query(ctx, hiveToPresto(sel))
	if err != nil {
		return fail("%s", queryFailure(err))
	}
	size, err := writeParquet(fsys, dir, res)
	if err != nil {
		fsys.RemoveAll(dir)
		return fail("write %s: %v", fsys.URI(dir), err)
	}
	fmt.Fprintf(out, "Moving data to directory %s\n", fsys.URI(dir))
	var cols []string
	for _, col := range res.Columns {
		cols = append(cols, fmt.Sprintf("`%s` %s", col.Name, hiveTypeOf(col.Type)))
	}
	ddl := fmt.Sprintf("CREATE EXTERNAL TABLE `%s`.`%s` (%s) STORED AS PARQUET LOCATION '%s'", db, table, strings.Join(cols, ", "), location)
	var ddlOut strings.Builder
	if err := h.Session.Run(ddl, &ddlOut); err != nil {
		fsys.RemoveAll(dir)
		fmt.Fprint(out, ddlOut.String())
		return errStatement
	}
	fmt.Fprintf(out, "Table %s.%s stats: [numFiles=1, numRows=%d, totalSize=%d, rawDataSize=0]\n", db, table, len(res.Rows), size)
	fmt.Fprintf(out, "OK\nTime taken: %.3f seconds\n", time.Since(start).Seconds())
	return nil
}

// hiveTypeOf is the Hive type a Presto column is written as.
func hiveTypeOf(prestoType string) string {
	t := strings.ToLower(prestoType)
	switch {
	case strings.HasPrefix(t, "varchar"), strings.HasPrefix(t, "char"):
		return "string"
	case t == "bigint", t == "integer", t == "smallint", t == "tinyint":
		return "bigint"
	case t == "double", t == "real":
		return "double"
	case t == "boolean":
		return "boolean"
	}
	return "string"
}

// writeParquet writes the result as one snappy Parquet file, then _SUCCESS, into dir; it returns the file's size.
func writeParquet(fsys warehouse.FS, dir string, res presto.Result) (int64, error) {
	group := parquet.Group{}
	for _, col := range res.Columns {
		if _, dup := group[col.Name]; dup {
			return 0, fmt.Errorf("two columns are named %s: name them apart (AS)", col.Name)
		}
		var node parquet.Node
		switch hiveTypeOf(col.Type) {
		case "bigint":
			node = parquet.Int(64)
		case "double":
			node = parquet.Leaf(parquet.DoubleType)
		case "boolean":
			node = parquet.Leaf(parquet.BooleanType)
		default:
			node = parquet.String()
		}
		group[col.Name] = parquet.Optional(node)
	}
	schema := parquet.NewSchema("hive_schema", group)
	index := map[string]int{}
	for i, f := range schema.Fields() {
		index[f.Name()] = i
	}
	var id [16]byte
	rand.Read(id[:])
	file := path.Join(dir, "part-00000-"+hex.EncodeToString(id[:])+"-c000.snappy.parquet")
	w, err := fsys.Create(file)
	if err != nil {
		return 0, err
	}
	cw := &countingWriter{w: w}
	pw := parquet.NewWriter(cw, schema, parquet.Compression(&parquet.Snappy))
	for _, r := range res.Rows {
		row := make(parquet.Row, len(res.Columns))
		for i, col := range res.Columns {
			j := index[col.Name]
			row[j] = parquetValue(hiveTypeOf(col.Type), r[i]).Level(0, 1, j)
			if r[i] == nil {
				row[j] = parquet.NullValue().Level(0, 0, j)
			}
		}
		if _, err := pw.WriteRows([]parquet.Row{row}); err != nil {
			w.Close()
			return 0, err
		}
	}
	if err := pw.Close(); err != nil {
		w.Close()
		return 0, err
	}
	if err := w.Close(); err != nil {
		return 0, err
	}
	s, err := fsys.Create(path.Join(dir, "_SUCCESS"))
	if err != nil {
		return 0, err
	}
	return cw.n, s.Close()
}

func parquetValue(hiveType string, v any) parquet.Value {
	switch hiveType {
	case "bigint":
		if n, ok := v.(json.Number); ok {
			if i, err := n.Int64(); err == nil {
				return parquet.Int64Value(i)
			}
		}
	case "double":
		if n, ok := v.(json.Number); ok {
			if f, err := n.Float64(); err == nil {
				return parquet.DoubleValue(f)
			}
		}
	case "boolean":
		if b, ok := v.(bool); ok {
			return parquet.BooleanValue(b)
		}
	}
	return parquet.ByteArrayValue([]byte(hiveRow([]any{v})))
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
