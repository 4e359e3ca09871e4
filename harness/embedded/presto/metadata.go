package presto

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// The metadata tables Presto's clients read: the system catalog's jdbc
// schema (what the Presto JDBC driver's DatabaseMetaData queries:
// getCatalogs, getSchemas, getTables, getColumns, getTableTypes,
// getTypeInfo) and each catalog's information_schema. Their rows are made
// from the metastore when a query names them, then the query runs over them
// as over any table.

const systemCatalog = "system"

// systemSchemas are the schemas of the system catalog, as real Presto lists them.
var systemSchemas = []string{"information_schema", "jdbc", "metadata", "runtime"}

// metaColumn is a column of a metadata table.
type metaColumn struct {
	name string
	typ  prestoType
}

// metaTable is a metadata table's columns and rows (nil, string, int64 or bool values).
type metaTable struct {
	cols []metaColumn
	rows [][]any
}

var tBoolean = prestoType{raw: "boolean"}

func metaCols(spec string) []metaColumn {
	var out []metaColumn
	for _, f := range strings.Split(spec, ",") {
		name, typ, _ := strings.Cut(strings.TrimSpace(f), " ")
		t := varchar
		switch typ {
		case "bigint":
			t = tBigint
		case "boolean":
			t = tBoolean
		}
		out = append(out, metaColumn{name: name, typ: t})
	}
	return out
}

var (
	jdbcCatalogs   = metaCols("table_cat")
	jdbcSchemas    = metaCols("table_schem, table_catalog")
	jdbcTables     = metaCols("table_cat, table_schem, table_name, table_type, remarks, type_cat, type_schem, type_name, self_referencing_col_name, ref_generation")
	jdbcTableTypes = metaCols("table_type")
	jdbcColumns    = metaCols("table_cat, table_schem, table_name, column_name, data_type bigint, type_name, column_size bigint, " +
		"buffer_length bigint, decimal_digits bigint, num_prec_radix bigint, nullable bigint, remarks, column_def, " +
		"sql_data_type bigint, sql_datetime_sub bigint, char_octet_length bigint, ordinal_position bigint, is_nullable, " +
		"scope_catalog, scope_schema, scope_table, source_data_type bigint, is_autoincrement, is_generatedcolumn")
	jdbcTypes = metaCols("type_name, data_type bigint, precision bigint, literal_prefix, literal_suffix, create_params, " +
		"nullable bigint, case_sensitive boolean, searchable bigint, unsigned_attribute boolean, fixed_prec_scale boolean, " +
		"auto_increment boolean, local_type_name, minimum_scale bigint, maximum_scale bigint, sql_data_type bigint, " +
		"sql_datetime_sub bigint, num_prec_radix bigint")
	jdbcEmpty = map[string][]metaColumn{
		"procedures":        metaCols("procedure_cat, procedure_schem, procedure_name, remarks, procedure_type bigint, specific_name"),
		"procedure_columns": metaCols("procedure_cat, procedure_schem, procedure_name, column_name, column_type bigint, data_type bigint, type_name, precision bigint, length bigint, scale bigint, radix bigint, nullable bigint, remarks, column_def, sql_data_type bigint, sql_datetime_sub bigint, char_octet_length bigint, ordinal_position bigint, is_nullable, specific_name"),
		"pseudo_columns":    metaCols("table_cat, table_schem, table_name, column_name, data_type bigint, column_size bigint, decimal_digits bigint, num_prec_radix bigint, column_usage, remarks, char_octet_length bigint, is_nullable"),
		"super_tables":      metaCols("table_cat, table_schem, table_name, supertable_name"),
		"super_types":       metaCols("type_cat, type_schem, type_name, supertype_cat, supertype_schem, supertype_name"),
		"udts":              metaCols("type_cat, type_schem, type_name, class_name, data_type bigint, remarks, base_type bigint"),
		"attributes":        metaCols("type_cat, type_schem, type_name, attr_name, data_type bigint, attr_type_name, attr_size bigint, decimal_digits bigint, num_prec_radix bigint, nullable bigint, remarks, attr_def, sql_data_type bigint, sql_datetime_sub bigint, char_octet_length bigint, ordinal_position bigint, is_nullable, scope_catalog, scope_schema, scope_table, source_data_type bigint"),
	}

	infoSchemata = metaCols("catalog_name, schema_name")
	infoTables   = metaCols("table_catalog, table_schema, table_name, table_type")
	infoColumns  = metaCols("table_catalog, table_schema, table_name, column_name, ordinal_position bigint, column_default, is_nullable, data_type, comment, extra_info")
	infoViews    = metaCols("table_catalog, table_schema, table_name, view_owner, view_definition")
)

// infoTableNames are the tables of every catalog's information_schema.
var infoTableNames = map[string][]metaColumn{
	"applicable_roles": metaCols("grantee, grantee_type, role_name, is_grantable"),
	"columns":          infoColumns,
	"enabled_roles":    metaCols("role_name"),
	"roles":            metaCols("role_name"),
	"schemata":         infoSchemata,
	"table_privileges": metaCols("grantor, grantor_type, grantee, grantee_type, table_catalog, table_schema, table_name, privilege_type, is_grantable, with_hierarchy"),
	"tables":           infoTables,
	"views":            infoViews,
}

// systemTableNames are the tables of the system catalog's schemas this server has.
func systemTableNames(schema string) []string {
	var names []string
	switch schema {
	case "jdbc":
		names = []string{"catalogs", "columns", "schemas", "table_types", "tables", "types"}
		for n := range jdbcEmpty {
			names = append(names, n)
		}
	case "information_schema":
		for n := range infoTableNames {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

// isMetaSchema reports whether catalog.schema holds metadata tables.
func isMetaSchema(catalog, schema string) bool {
	return schema == "information_schema" || (catalog == systemCatalog && schema == "jdbc")
}

// metadata builds catalog.schema.name, a metadata table; ok is false when there is no such table.
func (e *engine) metadata(ctx context.Context, catalog, schema, name string) (t metaTable, ok bool, err error) {
	if schema == "information_schema" {
		cols, found := infoTableNames[name]
		if !found {
			return t, false, nil
		}
		t.cols = cols
		t.rows, err = e.infoRows(ctx, catalog, name)
		return t, true, err
	}
	if catalog != systemCatalog || schema != "jdbc" {
		return t, false, nil
	}
	switch name {
	case "catalogs":
		return metaTable{cols: jdbcCatalogs, rows: [][]any{{catalogName}, {systemCatalog}}}, true, nil
	case "schemas":
		t.cols = jdbcSchemas
		schemas, err := e.catalogSchemas(ctx)
		for _, s := range schemas {
			t.rows = append(t.rows, []any{s[1], s[0]})
		}
		return t, true, err
	case "table_types":
		return metaTable{cols: jdbcTableTypes, rows: [][]any{{"TABLE"}, {"VIEW"}}}, true, nil
	case "tables":
		t.cols = jdbcTables
		tables, err := e.allTables(ctx)
		for _, tb := range tables {
			t.rows = append(t.rows, []any{tb.catalog, tb.schema, tb.name, "TABLE", nil, nil, nil, nil, nil, nil})
		}
		return t, true, err
	case "columns":
		t.cols = jdbcColumns
		t.rows, err = e.jdbcColumnRows(ctx)
		return t, true, err
	case "types":
		return metaTable{cols: jdbcTypes, rows: jdbcTypeRows()}, true, nil
	}
	if cols, found := jdbcEmpty[name]; found {
		return metaTable{cols: cols}, true, nil
	}
	return t, false, nil
}

// catalogSchemas lists every (catalog, schema), sorted.
func (e *engine) catalogSchemas(ctx context.Context) ([][2]string, error) {
	dbs, err := e.databases(ctx)
	if err != nil {
		return nil, err
	}
	var out [][2]string
	for _, db := range append(dbs, "information_schema") {
		out = append(out, [2]string{catalogName, db})
	}
	for _, s := range systemSchemas {
		out = append(out, [2]string{systemCatalog, s})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i][0] != out[j][0] {
			return out[i][0] < out[j][0]
		}
		return out[i][1] < out[j][1]
	})
	return out, nil
}

// metaTableRef is a table of some catalog, with its columns when it is a Hive table.
type metaTableRef struct {
	catalog, schema, name string
	cols                  []metaColumn
	comments              []string
}

// allTables lists every table of every catalog: the Hive tables, then the
// metadata tables, each with its columns.
func (e *engine) allTables(ctx context.Context) ([]metaTableRef, error) {
	dbs, err := e.databases(ctx)
	if err != nil {
		return nil, err
	}
	var out []metaTableRef
	for _, db := range dbs {
		names, err := e.cat.Tables(ctx, db)
		if err != nil {
			return nil, fmt.Errorf("list tables of %s: %w", db, err)
		}
		sort.Strings(names)
		for _, n := range names {
			tb, err := e.cat.Table(ctx, db, n)
			if err != nil {
				continue // dropped meanwhile
			}
			ref := metaTableRef{catalog: catalogName, schema: db, name: strings.ToLower(n)}
			for _, c := range append(append([]Column{}, tb.Columns...), tb.PartitionKeys...) {
				ht, err := fromHive(c.Type)
				if err != nil {
					continue // a column this server cannot read is not listed
				}
				ref.cols = append(ref.cols, metaColumn{name: strings.ToLower(c.Name), typ: ht.presto})
				ref.comments = append(ref.comments, c.Comment)
			}
			out = append(out, ref)
		}
	}
	meta := func(catalog, schema string, names []string, cols func(string) []metaColumn) {
		for _, n := range names {
			cs := cols(n)
			out = append(out, metaTableRef{catalog: catalog, schema: schema, name: n, cols: cs, comments: make([]string, len(cs))})
		}
	}
	infoNames := systemTableNames("information_schema")
	meta(catalogName, "information_schema", infoNames, func(n string) []metaColumn { return infoTableNames[n] })
	meta(systemCatalog, "information_schema", infoNames, func(n string) []metaColumn { return infoTableNames[n] })
	meta(systemCatalog, "jdbc", systemTableNames("jdbc"), func(n string) []metaColumn {
		cols, _ := jdbcTableColumns(n)
		return cols
	})
	return out, nil
}

// jdbcTableColumns is the columns of system.jdbc.name.
func jdbcTableColumns(name string) ([]metaColumn, bool) {
	switch name {
	case "catalogs":
		return jdbcCatalogs, true
	case "schemas":
		return jdbcSchemas, true
	case "table_types":
		return jdbcTableTypes, true
	case "tables":
		return jdbcTables, true
	case "columns":
		return jdbcColumns, true
	case "types":
		return jdbcTypes, true
	}
	cols, ok := jdbcEmpty[name]
	return cols, ok
}

// infoRows are the rows of catalog.information_schema.name.
func (e *engine) infoRows(ctx context.Context, catalog, name string) ([][]any, error) {
	var rows [][]any
	switch name {
	case "schemata":
		schemas, err := e.catalogSchemas(ctx)
		for _, s := range schemas {
			if s[0] == catalog {
				rows = append(rows, []any{s[0], s[1]})
			}
		}
		return rows, err
	case "tables", "columns":
		tables, err := e.allTables(ctx)
		for _, tb := range tables {
			if tb.catalog != catalog {
				continue
			}
			if name == "tables" {
				rows = append(rows, []any{tb.catalog, tb.schema, tb.name, "BASE TABLE"})
				continue
			}
			for i, c := range tb.cols {
				rows = append(rows, []any{tb.catalog, tb.schema, tb.name, c.name, int64(i + 1), nil, "YES", c.typ.String(), nullIfEmpty(tb.comments[i]), nil})
			}
		}
		return rows, err
	}
	return nil, nil // views: none
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// jdbcColumnRows are the rows of system.jdbc.columns, as PrestoDB 0.287
// fills them: buffer_length 0, nullable 2 (unknown), is_nullable ”, the
// autoincrement and generated columns NULL.
func (e *engine) jdbcColumnRows(ctx context.Context) ([][]any, error) {
	tables, err := e.allTables(ctx)
	var rows [][]any
	for _, tb := range tables {
		for i, c := range tb.cols {
			rows = append(rows, []any{tb.catalog, tb.schema, tb.name, c.name,
				int64(jdbcType(c.typ)), c.typ.String(), columnSize(c.typ), int64(0), decimalDigits(c.typ), precRadix(c.typ),
				int64(2), nullIfEmpty(tb.comments[i]), nil, nil, nil, charOctetLength(c.typ), int64(i + 1), "",
				nil, nil, nil, nil, nil, nil})
		}
	}
	return rows, err
}

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

// sql is t as a DuckDB relation with Presto's column names, typed even when empty.
func (t metaTable) sql() string {
	var b strings.Builder
	b.WriteString("(SELECT ")
	for i, c := range t.cols {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("CAST(NULL AS " + duckTypeOf(c.typ) + ") AS " + quoteIdent(c.name))
	}
	b.WriteString(" WHERE false")
	for _, r := range t.rows {
		b.WriteString(" UNION ALL SELECT ")
		for i, v := range r {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(literalSQL(v, t.cols[i].typ))
		}
	}
	b.WriteString(")")
	return b.String()
}

func duckTypeOf(t prestoType) string {
	switch t.raw {
	case "bigint":
		return "BIGINT"
	case "boolean":
		return "BOOLEAN"
	}
	return "VARCHAR"
}

func literalSQL(v any, t prestoType) string {
	switch x := v.(type) {
	case nil:
		return "CAST(NULL AS " + duckTypeOf(t) + ")"
	case string:
		return quoteString(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case bool:
		return strconv.FormatBool(x)
	}
	return "NULL"
}
