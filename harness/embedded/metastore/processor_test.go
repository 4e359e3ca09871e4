package metastore

import (
	"context"
	"errors"
	"testing"

	"github.com/apache/thrift/lib/go/thrift"
	"github.com/beltran/gohive/hive_metastore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// panicky is a handler whose get_all_databases has a bug.
type panicky struct{ *handler }

func (panicky) GetAllDatabases(context.Context) ([]string, error) { panic("a bug") }

// A call that panics is answered with an application error; the server and
// the connection keep serving.
func TestPanicIsAnApplicationError(t *testing.T) {
	srv, err := Start(t.TempDir())
	require.NoError(t, err)
	t.Cleanup(func() { srv.Close() })
	h := panicky{&handler{store: srv.store}}
	bug := hive_metastore.NewThriftHiveMetastoreProcessor(h).ProcessorMap()["get_all_databases"]
	srv.proc.AddToProcessorMap("get_all_databases", bug) // before any connection

	sock := thrift.NewTSocketConf(srv.Addr(), nil)
	require.NoError(t, sock.Open())
	trans := thrift.NewTBufferedTransport(sock, 4096)
	t.Cleanup(func() { trans.Close() })
	pf := thrift.NewTBinaryProtocolFactoryConf(nil)
	ms := hive_metastore.NewThriftHiveMetastoreClient(thrift.NewTStandardClient(pf.GetProtocol(trans), pf.GetProtocol(trans)))
	ctx := context.Background()

	for range 2 {
		_, err = ms.GetAllDatabases(ctx)
		var ae thrift.TApplicationException
		require.True(t, errors.As(err, &ae), "got %T %v", err, err)
		assert.Equal(t, int32(thrift.INTERNAL_ERROR), ae.TypeId())
		assert.Equal(t, "Internal error processing get_all_databases: a bug", ae.Error())

		d, err := ms.GetDatabase(ctx, "default")
		require.NoError(t, err)
		assert.Equal(t, "default", d.Name)
	}
}
