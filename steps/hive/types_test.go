package hive_test

import (
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/assert"

	"github.com/fullstack-lab/fullstack-lab/steps/hive"
)

// Each Parquet column reads as its own Hive type: a near miss (every integer
// a bigint, a timestamp a string) reads wrong values or fails in Hive.
func TestHiveTypeOfEachColumn(t *testing.T) {
	schema := parquet.NewSchema("purchases", parquet.Group{
		"s":     parquet.Optional(parquet.String()),
		"enum":  parquet.Enum(),
		"json":  parquet.JSON(),
		"b":     parquet.Leaf(parquet.BooleanType),
		"i8":    parquet.Int(8),
		"i16":   parquet.Int(16),
		"i32":   parquet.Int(32),
		"i64":   parquet.Int(64),
		"raw32": parquet.Leaf(parquet.Int32Type),
		"raw64": parquet.Leaf(parquet.Int64Type),
		"f":     parquet.Leaf(parquet.FloatType),
		"d":     parquet.Leaf(parquet.DoubleType),
		"ts":    parquet.Timestamp(parquet.Microsecond),
		"ms":    parquet.Timestamp(parquet.Millisecond),
		"day":   parquet.Date(),
		"dec":   parquet.Decimal(2, 10, parquet.Int64Type),
		"bin":   parquet.Leaf(parquet.ByteArrayType),
		"nest":  parquet.Group{"x": parquet.String()},
	})
	want := map[string]string{
		"s": "string", "enum": "string", "json": "string", "b": "boolean",
		"i8": "tinyint", "i16": "smallint", "i32": "int", "i64": "bigint", "raw32": "int", "raw64": "bigint",
		"f": "float", "d": "double", "ts": "timestamp", "ms": "timestamp", "day": "date", "dec": "decimal(10,2)",
		"bin": "string", "nest": "string",
	}
	got := map[string]string{}
	for _, f := range schema.Fields() {
		got[f.Name()] = hive.HiveType(f)
	}
	assert.Equal(t, want, got)
}
