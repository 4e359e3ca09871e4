package metastore_test

import (
	"context"
	"testing"

	"github.com/apache/thrift/lib/go/thrift"
	"github.com/beltran/gohive/hive_metastore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// noArgs is a call's argument struct with no fields: the request a buggy
// client sends when it leaves out a required struct argument.
type noArgs struct{}

func (noArgs) Write(ctx context.Context, p thrift.TProtocol) error {
	if err := p.WriteStructBegin(ctx, "args"); err != nil {
		return err
	}
	if err := p.WriteFieldStop(ctx); err != nil {
		return err
	}
	return p.WriteStructEnd(ctx)
}

func (noArgs) Read(context.Context, thrift.TProtocol) error { return nil }

// A call missing its struct argument gets the metastore exception the call
// declares; the server and the connection keep serving.
func TestMissingArgumentIsAnException(t *testing.T) {
	srv := start(t, t.TempDir())
	sock := thrift.NewTSocketConf(srv.Addr(), nil)
	require.NoError(t, sock.Open())
	trans := thrift.NewTBufferedTransport(sock, 4096)
	t.Cleanup(func() { trans.Close() })
	pf := thrift.NewTBinaryProtocolFactoryConf(nil)
	raw := thrift.NewTStandardClient(pf.GetProtocol(trans), pf.GetProtocol(trans))
	ms := hive_metastore.NewThriftHiveMetastoreClient(raw)
	ctx := context.Background()

	getTable := hive_metastore.NewThriftHiveMetastoreGetTableReqResult()
	getDB := hive_metastore.NewThriftHiveMetastoreGetDatabaseReqResult()
	createDB := hive_metastore.NewThriftHiveMetastoreCreateDatabaseResult()
	createTable := hive_metastore.NewThriftHiveMetastoreCreateTableResult()
	createTableReq := hive_metastore.NewThriftHiveMetastoreCreateTableReqResult()
	alterTable := hive_metastore.NewThriftHiveMetastoreAlterTableResult()
	alterTableReq := hive_metastore.NewThriftHiveMetastoreAlterTableReqResult()
	byName := hive_metastore.NewThriftHiveMetastoreGetTableObjectsByNameReqResult()
	createTableEnv := hive_metastore.NewThriftHiveMetastoreCreateTableWithEnvironmentContextResult()
	tests := []struct {
		call   string
		result thrift.TStruct
		got    func() string
	}{
		{"get_table_req", getTable, func() string { return getTable.GetO1().GetMessage() }},
		{"get_database_req", getDB, func() string { return getDB.GetO2().GetMessage() }},
		{"create_database", createDB, func() string { return createDB.GetO2().GetMessage() }},
		{"create_table", createTable, func() string { return createTable.GetO2().GetMessage() }},
		{"create_table_with_environment_context", createTableEnv, func() string { return createTableEnv.GetO2().GetMessage() }},
		{"create_table_req", createTableReq, func() string { return createTableReq.GetO2().GetMessage() }},
		{"alter_table", alterTable, func() string { return alterTable.GetO1().GetMessage() }},
		{"alter_table_req", alterTableReq, func() string { return alterTableReq.GetO1().GetMessage() }},
		{"get_table_objects_by_name_req", byName, func() string { return byName.GetO1().GetMessage() }},
	}
	want := map[string]string{
		"get_table_req":                         "get_table_req: request is required",
		"get_database_req":                      "get_database_req: database name is required",
		"create_database":                       "create_database: database is required",
		"create_table":                          "table is required",
		"create_table_with_environment_context": "table is required",
		"create_table_req":                      "create_table_req: request is required",
		"alter_table":                           "alter is not possible: table hive.. does not exist",
		"alter_table_req":                       "alter_table_req: request is required",
		"get_table_objects_by_name_req":         "get_table_objects_by_name_req: request is required",
	}
	for _, tc := range tests {
		t.Run(tc.call, func(t *testing.T) {
			_, err := raw.Call(ctx, tc.call, noArgs{}, tc.result)
			require.NoError(t, err, "the answer is the call's declared exception, not an application error")
			assert.Equal(t, want[tc.call], tc.got())
			// The same connection keeps serving.
			dbs, err := ms.GetAllDatabases(ctx)
			require.NoError(t, err)
			assert.Equal(t, []string{"default"}, dbs)
		})
	}
	// Nothing was created by the empty requests.
	tables, err := ms.GetAllTables(ctx, "default")
	require.NoError(t, err)
	assert.Empty(t, tables)
}
