package hive

import (
	"fmt"
	"sort"
	"strings"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"

	"github.com/fullstack-lab/fullstack-lab/harness/hms"
	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
)

// Infer derives the external table over the Parquet directory dir from its
// files' own schema: the union of their columns, names kept exactly as the
// files spell them (User-Agent, not User_Agent). It reads only the footers.
func Infer(fsys warehouse.FS, dir, db, name string) (CreateTable, error) {
	st := CreateTable{DB: db, Name: name, External: true, Location: dir,
		Properties: map[string]string{"parquet.compress": "SNAPPY"}}
	infos, err := fsys.ReadDir(dir)
	if err != nil {
		return st, fmt.Errorf("infer %s: %w", dir, err)
	}
	seen := map[string]bool{}
	files := 0
	for _, fi := range infos {
		n := fi.Name()
		if fi.IsDir() || strings.HasPrefix(n, "_") || strings.HasPrefix(n, ".") || !strings.HasSuffix(n, ".parquet") {
			continue // _SUCCESS, _temporary, hidden files: not data, as Hive skips them
		}
		files++
		cols, err := fileColumns(fsys, dir+"/"+n)
		if err != nil {
			return st, fmt.Errorf("infer %s: %w", dir, err)
		}
		for _, c := range cols {
			if !seen[strings.ToLower(c.Name)] {
				seen[strings.ToLower(c.Name)] = true
				st.Columns = append(st.Columns, c)
			}
		}
	}
	if files == 0 {
		return st, fmt.Errorf("infer %s: no Parquet files in the directory", dir)
	}
	return st, nil
}

func fileColumns(fsys warehouse.FS, path string) ([]hms.Column, error) {
	f, err := fsys.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	pf, err := parquet.OpenFile(f, f.Size(), parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var cols []hms.Column
	for _, field := range pf.Schema().Fields() {
		cols = append(cols, hms.Column{Name: field.Name(), Type: HiveType(field)})
	}
	return cols, nil
}

// HiveType is the Hive type that reads a Parquet column.
func HiveType(field parquet.Field) string {
	// BEGIN SOLUTION: map a Parquet column to the Hive type that reads it (string, bigint, double, boolean, timestamp, ...)
	if !field.Leaf() {
		return "string"
	}
	t := field.Type()
	if lt := t.LogicalType(); lt != nil {
		switch v := lt.Value.(type) {
		case *format.StringType, *format.EnumType, *format.JsonType:
			return "string"
		case *format.TimestampType:
			return "timestamp"
		case *format.DateType:
			return "date"
		case *format.DecimalType:
			return fmt.Sprintf("decimal(%d,%d)", v.Precision, v.Scale)
		case *format.IntType:
			switch v.BitWidth {
			case 8:
				return "tinyint"
			case 16:
				return "smallint"
			case 32:
				return "int"
			}
			return "bigint"
		}
	}
	switch t.Kind() {
	case parquet.Boolean:
		return "boolean"
	case parquet.Int32:
		return "int"
	case parquet.Int64:
		return "bigint"
	case parquet.Float:
		return "float"
	case parquet.Double:
		return "double"
	case parquet.ByteArray, parquet.FixedLenByteArray:
		return "string"
	}
	return "string"
	// END SOLUTION
}

// DDL writes st as the HiveQL that creates it; column names are backquoted
// so that `User-Agent` stays what the files say.
func (st CreateTable) DDL() string {
	var b strings.Builder
	b.WriteString("CREATE ")
	if st.External {
		b.WriteString("EXTERNAL ")
	}
	b.WriteString("TABLE ")
	if st.IfNotExists {
		b.WriteString("IF NOT EXISTS ")
	}
	if st.DB != "" {
		b.WriteString(quote(st.DB) + ".")
	}
	b.WriteString(quote(st.Name) + " (\n")
	for i, c := range st.Columns {
		fmt.Fprintf(&b, "  %s %s", quote(c.Name), c.Type)
		if i < len(st.Columns)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString(")\nSTORED AS PARQUET\n")
	fmt.Fprintf(&b, "LOCATION '%s'", strings.ReplaceAll(st.Location, "'", "\\'"))
	if len(st.Properties) > 0 {
		keys := make([]string, 0, len(st.Properties))
		for k := range st.Properties {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var kv []string
		for _, k := range keys {
			kv = append(kv, fmt.Sprintf("'%s'='%s'", k, st.Properties[k]))
		}
		fmt.Fprintf(&b, "\nTBLPROPERTIES (%s)", strings.Join(kv, ", "))
	}
	return b.String() + ";"
}

func quote(id string) string { return "`" + strings.ReplaceAll(id, "`", "``") + "`" }
