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
