package extract

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/fullstack-lab/fullstack-lab/internal/javafmt"
)

// Type is a column's type, named as Spark's printSchema names it.
type Type uint8

// The column types.
const (
	StringType Type = iota + 1
	LongType
	DoubleType
	BooleanType
)

func (t Type) String() string {
	switch t {
	case StringType:
		return "string"
	case LongType:
		return "long"
	case DoubleType:
		return "double"
	case BooleanType:
		return "boolean"
	}
	return fmt.Sprintf("type(%d)", int(t))
}

// Column is one column of a schema; every column is nullable.
type Column struct {
	Name string
	Type Type
}

// Schema is the ordered columns of a table.
type Schema []Column

// Names returns the column names in order.
func (s Schema) Names() []string {
	names := make([]string, len(s))
	for i, c := range s {
		names[i] = c.Name
	}
	return names
}

// Index returns the position of the column called name, or -1.
func (s Schema) Index(name string) int {
	for i, c := range s {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// Value is one cell. The zero Value is null; which field holds the value
// depends on the column's type.
type Value struct {
	Valid bool
	Str   string
	Int   int64
	Float float64
	Bool  bool
}

// Null is the null value.
var Null = Value{}

// StringValue, LongValue, DoubleValue and BooleanValue make non-null values.
func StringValue(s string) Value  { return Value{Valid: true, Str: s} }
func LongValue(n int64) Value     { return Value{Valid: true, Int: n} }
func DoubleValue(f float64) Value { return Value{Valid: true, Float: f} }
func BooleanValue(b bool) Value   { return Value{Valid: true, Bool: b} }

// Text renders v, of type t, as Spark's show() does; null is "null".
func (v Value) Text(t Type) string {
	if !v.Valid {
		return "null"
	}
	switch t {
	case LongType:
		return strconv.FormatInt(v.Int, 10)
	case DoubleType:
		return javafmt.Double(v.Float)
	case BooleanType:
		return strconv.FormatBool(v.Bool)
	}
	return v.Str
}

// Row is one row's values, in the schema's order.
type Row []Value

// Table is a schema and its rows.
type Table struct {
	Schema Schema
	Rows   []Row
}

// PrintSchema writes s as Spark's printSchema() does:
//
//	root
//	 |-- Accept: string (nullable = true)
func PrintSchema(w io.Writer, s Schema) error {
	var b strings.Builder
	b.WriteString("root\n")
	for _, c := range s {
		fmt.Fprintf(&b, " |-- %s: %s (nullable = true)\n", c.Name, c.Type)
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}
