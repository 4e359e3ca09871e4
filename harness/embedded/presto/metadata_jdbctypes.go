package presto

// How Presto 0.287's system.jdbc describes types: java.sql.Types codes,
// column sizes, digits and radixes (ColumnJdbcTable), and system.jdbc.types.

// jdbcType is java.sql.Types of t.
func jdbcType(t prestoType) int {
	switch t.raw {
	case "boolean":
		return 16
	case "bigint":
		return -5
	case "integer":
		return 4
	case "smallint":
		return 5
	case "tinyint":
		return -6
	case "real":
		return 7
	case "double":
		return 8
	case "decimal":
		return 3
	case "varchar":
		return 12
	case "char":
		return 1
	case "varbinary":
		return -3
	case "date":
		return 91
	case "timestamp":
		return 93
	case "array":
		return 2003
	}
	return 2000 // JAVA_OBJECT: map, row, json
}

func columnSize(t prestoType) any {
	switch t.raw {
	case "bigint":
		return int64(19)
	case "integer":
		return int64(10)
	case "smallint":
		return int64(5)
	case "tinyint":
		return int64(3)
	case "real":
		return int64(24)
	case "double":
		return int64(53)
	case "decimal", "varchar", "char":
		if len(t.params) > 0 {
			return int64(t.params[0])
		}
		return int64(2147483647)
	case "varbinary":
		return int64(2147483647)
	case "date":
		return int64(14)
	case "timestamp":
		return int64(23)
	}
	return nil
}

func decimalDigits(t prestoType) any {
	if t.raw == "decimal" && len(t.params) == 2 {
		return int64(t.params[1])
	}
	return nil
}

func precRadix(t prestoType) any {
	switch t.raw {
	case "bigint", "integer", "smallint", "tinyint", "decimal":
		return int64(10)
	case "real", "double":
		return int64(2)
	}
	return nil
}

func charOctetLength(t prestoType) any {
	switch t.raw {
	case "varchar", "char":
		if len(t.params) > 0 {
			return int64(t.params[0])
		}
		return int64(2147483647)
	case "varbinary":
		return int64(2147483647)
	}
	return nil
}

// jdbcTypes0287 are the rows of system.jdbc.types as PrestoDB 0.287 lists
// them (its types, with the plugins of the server tarball): name, java.sql.Types,
// precision, searchable, radix. The other columns are the same in every row.
var jdbcTypes0287 = []struct {
	name       string
	dataType   int64
	precision  any
	searchable int64
	radix      any
}{
	{"BigintEnum", 2000, nil, 0, nil},
	{"BingTile", 2000, nil, 3, nil},
	{"CodePoints", 2000, nil, 0, nil},
	{"Geometry", 2000, nil, 0, nil},
	{"HyperLogLog", 2000, nil, 0, nil},
	{"JoniRegExp", 2000, nil, 0, nil},
	{"JsonPath", 2000, nil, 0, nil},
	{"KHyperLogLog", 2000, nil, 0, nil},
	{"KdbTree", 2000, nil, 0, nil},
	{"LikePattern", 2000, nil, 0, nil},
	{"P4HyperLogLog", 2000, nil, 0, nil},
	{"Re2JRegExp", 2000, nil, 0, nil},
	{"SetDigest", 2000, nil, 0, nil},
	{"SfmSketch", 2000, nil, 0, nil},
	{"SphericalGeography", 2000, nil, 0, nil},
	{"VarcharEnum", 2000, nil, 0, nil},
	{"array", 2003, nil, 0, nil},
	{"bigint", -5, 19, 3, 10},
	{"boolean", 16, nil, 3, nil},
	{"char", 2000, nil, 0, nil},
	{"color", 2000, nil, 3, nil},
	{"date", 91, 14, 3, nil},
	{"decimal", 2000, nil, 0, nil},
	{"double", 8, 53, 3, 2},
	{"function", 2000, nil, 0, nil},
	{"integer", 4, 10, 3, 10},
	{"interval day to second", 2000, nil, 3, nil},
	{"interval year to month", 2000, nil, 3, nil},
	{"ipaddress", 2000, nil, 3, nil},
	{"ipprefix", 2000, nil, 3, nil},
	{"json", 2000, nil, 3, nil},
	{"kllsketch", 2000, nil, 0, nil},
	{"map", 2000, nil, 0, nil},
	{"qdigest", 2000, nil, 0, nil},
	{"real", 7, 24, 3, 2},
	{"row", 2000, nil, 0, nil},
	{"smallint", 5, 5, 3, 10},
	{"tdigest", 2000, nil, 0, nil},
	{"time", 92, 8, 3, nil},
	{"time with time zone", 2013, 14, 3, nil},
	{"timestamp", 93, 23, 3, nil},
	{"timestamp with time zone", 2014, 29, 3, nil},
	{"tinyint", -6, 3, 3, 10},
	{"unknown", 2000, nil, 3, nil},
	{"uuid", 2000, nil, 3, nil},
	{"varbinary", -3, 2147483647, 3, nil},
	{"varchar", 2000, nil, 0, nil},
}

// jdbcTypeRows are system.jdbc.types.
func jdbcTypeRows() [][]any {
	var rows [][]any
	for _, t := range jdbcTypes0287 {
		rows = append(rows, []any{t.name, t.dataType, t.precision, nil, nil, nil, int64(1), false, t.searchable,
			nil, false, nil, nil, int64(0), int64(0), nil, nil, t.radix})
	}
	return rows
}
