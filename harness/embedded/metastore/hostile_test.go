package metastore

import (
	"context"
	"errors"
	"io"
	"net"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/apache/thrift/lib/go/thrift"
	"github.com/beltran/gohive/hive_metastore"
	"github.com/fullstack-lab/fullstack-lab/harness/internal/fdtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func startServer(t *testing.T, opts ...Option) *Server {
	t.Helper()
	srv, err := Start(t.TempDir(), opts...)
	if srv != nil {
		t.Cleanup(func() { srv.Close() })
	}
	require.NoError(t, err)
	return srv
}

// message is the start of a request: call name, then the first field of its
// arguments and whatever write adds (a declaration with nothing after it).
func message(t *testing.T, call string, write func(ctx context.Context, p thrift.TProtocol)) []byte {
	t.Helper()
	buf := thrift.NewTMemoryBuffer()
	p := thrift.NewTBinaryProtocolConf(buf, nil)
	ctx := context.Background()
	require.NoError(t, p.WriteMessageBegin(ctx, call, thrift.CALL, 1))
	write(ctx, p)
	return buf.Bytes()
}

// send writes raw to a new connection and reads the answer's application error.
func send(t *testing.T, addr string, raw []byte) thrift.TApplicationException {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	_, err = c.Write(raw)
	require.NoError(t, err)
	p := thrift.NewTBinaryProtocolConf(thrift.NewStreamTransportRW(c), nil)
	ctx := context.Background()
	_, typ, _, err := p.ReadMessageBegin(ctx)
	require.NoError(t, err, "an answer, not a silent close")
	require.Equal(t, thrift.EXCEPTION, typ)
	x := thrift.NewTApplicationException(0, "")
	require.NoError(t, x.Read(ctx, p))
	// The server closes the connection after a refusal (a reset when it
	// left bytes unread).
	_, err = c.Read(make([]byte, 1))
	if !errors.Is(err, syscall.ECONNRESET) {
		assert.ErrorIs(t, err, io.EOF)
	}
	return x
}

// Requests declaring more than the message limit can hold are refused with
// a protocol error before anything is reserved for them; the server keeps
// serving, and its heap does not grow with the declarations.
func TestOversizedDeclarationsAreRefused(t *testing.T) {
	srv := startServer(t)
	createTableMap := message(t, "create_table", func(ctx context.Context, p thrift.TProtocol) {
		p.WriteFieldBegin(ctx, "tbl", thrift.STRUCT, 1)
		p.WriteFieldBegin(ctx, "parameters", thrift.MAP, 9)
		p.WriteMapBegin(ctx, thrift.STRING, thrift.STRING, 20_000_000)
	})
	require.Len(t, createTableMap, 36, "the 36-byte create_table of issue 14")
	tests := []struct {
		name string
		raw  []byte
		want string
	}{
		// TConfiguration.MaxMessageSize refuses a count above it...
		{"map of 20M entries", createTableMap, "create_table: size exceeded max allowed: 20000000"},
		// ... and limited a count whose entries cannot fit in it.
		{"map of 1M entries", message(t, "create_table", func(ctx context.Context, p thrift.TProtocol) {
			p.WriteFieldBegin(ctx, "tbl", thrift.STRUCT, 1)
			p.WriteFieldBegin(ctx, "parameters", thrift.MAP, 9)
			p.WriteMapBegin(ctx, thrift.STRING, thrift.STRING, 1_000_000)
		}), "create_table: a map of 1000000 entries does not fit in the 4194268 bytes left under the message limit of 4194304 bytes"},
		{"list of 1M columns", message(t, "get_table_objects_by_name", func(ctx context.Context, p thrift.TProtocol) {
			p.WriteFieldBegin(ctx, "dbname", thrift.STRING, 1)
			p.WriteString(ctx, "default")
			p.WriteFieldBegin(ctx, "tbl_names", thrift.LIST, 2)
			p.WriteListBegin(ctx, thrift.STRING, 1_100_000)
		}), "get_table_objects_by_name: a list of 1100000 entries does not fit in the 4194245 bytes left under the message limit of 4194304 bytes"},
		{"string of 64 MB", message(t, "get_database", func(ctx context.Context, p thrift.TProtocol) {
			p.WriteFieldBegin(ctx, "name", thrift.STRING, 1)
			p.WriteI32(ctx, 64<<20)
		}), "get_database: size exceeded max allowed: 67108864"},
		{"unknown call with a big map", message(t, "get_catalogs", func(ctx context.Context, p thrift.TProtocol) {
			p.WriteFieldBegin(ctx, "m", thrift.MAP, 1)
			p.WriteMapBegin(ctx, thrift.I64, thrift.I64, 1<<20)
		}), "get_catalogs: a map of 1048576 entries does not fit in the 4194271 bytes left under the message limit of 4194304 bytes"},
	}
	ms := rawClient(t, srv.Addr())
	ctx := context.Background()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			for range 20 {
				x := send(t, srv.Addr(), tc.raw)
				assert.Equal(t, int32(thrift.PROTOCOL_ERROR), x.TypeId())
				assert.Equal(t, tc.want, x.Error())
			}
			runtime.ReadMemStats(&after)
			grew := after.TotalAlloc - before.TotalAlloc
			t.Logf("20 requests allocated %d KB in all", grew>>10)
			assert.Less(t, grew, uint64(16<<20), "allocations follow the bytes received, not the sizes declared")

			dbs, err := ms.GetAllDatabases(ctx) // the server keeps serving
			require.NoError(t, err)
			assert.Equal(t, []string{"default"}, dbs)
		})
	}
}

// A request bigger than the limit is refused once the limit is passed.
func TestOversizedRequestIsRefused(t *testing.T) {
	srv := startServer(t, WithMaxMessageSize(64<<10))
	raw := message(t, "get_database", func(ctx context.Context, p thrift.TProtocol) {
		p.WriteFieldBegin(ctx, "name", thrift.STRING, 1)
		p.WriteString(ctx, string(make([]byte, 100<<10)))
	})
	x := send(t, srv.Addr(), raw)
	assert.Equal(t, int32(thrift.PROTOCOL_ERROR), x.TypeId())
	assert.Equal(t, "get_database: size exceeded max allowed: 102400", x.Error())

	// A request within the limit is served, however it declares its sizes.
	raw = message(t, "get_database", func(ctx context.Context, p thrift.TProtocol) {
		p.WriteFieldBegin(ctx, "name", thrift.STRING, 1)
		p.WriteString(ctx, "nope")
		p.WriteFieldBegin(ctx, "junk", thrift.MAP, 7)
		p.WriteMapBegin(ctx, thrift.STRING, thrift.STRING, 1000)
		for range 1000 {
			p.WriteString(ctx, "k")
			p.WriteString(ctx, "v")
		}
		p.WriteFieldStop(ctx)
	})
	c, err := net.Dial("tcp", srv.Addr())
	require.NoError(t, err)
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	_, err = c.Write(append(raw, thrift.STOP))
	require.NoError(t, err)
	res := hive_metastore.NewThriftHiveMetastoreGetDatabaseResult()
	p := thrift.NewTBinaryProtocolConf(thrift.NewStreamTransportRW(c), nil)
	_, typ, _, err := p.ReadMessageBegin(context.Background())
	require.NoError(t, err)
	require.Equal(t, thrift.REPLY, typ)
	require.NoError(t, res.Read(context.Background(), p))
	assert.Equal(t, "Database nope does not exist", res.GetO1().GetMessage())
}

// A connection that sends nothing for the idle timeout is closed; one that
// keeps calling is not.
func TestIdleConnectionIsClosed(t *testing.T) {
	srv := startServer(t, WithIdleTimeout(300*time.Millisecond))
	idle, err := net.Dial("tcp", srv.Addr())
	require.NoError(t, err)
	t.Cleanup(func() { idle.Close() })
	half, err := net.Dial("tcp", srv.Addr()) // half a request, then nothing
	require.NoError(t, err)
	t.Cleanup(func() { half.Close() })
	_, err = half.Write(message(t, "get_database", func(ctx context.Context, p thrift.TProtocol) {})[:10])
	require.NoError(t, err)

	ms := rawClient(t, srv.Addr())
	deadline := time.Now().Add(time.Second)
	for time.Now().Before(deadline) { // busy for longer than the timeout
		_, err := ms.GetAllDatabases(context.Background())
		require.NoError(t, err)
	}
	for _, c := range []net.Conn{idle, half} {
		c.SetReadDeadline(time.Now().Add(10 * time.Second))
		_, err = c.Read(make([]byte, 1))
		assert.ErrorIs(t, err, io.EOF, "closed by the server, not by the test's deadline")
	}
}

// Out of file descriptors, accept fails; the server retries and serves the
// waiting client, then new ones, once descriptors are free again.
func TestAcceptSurvivesFdExhaustion(t *testing.T) {
	srv := startServer(t, WithIdleTimeout(time.Minute))
	waiting, release := fdtest.Exhaust(t, srv.Addr(), srv.acceptErr.Load)
	release()
	for _, c := range []net.Conn{waiting, nil} {
		if c == nil {
			var err error
			c, err = net.Dial("tcp", srv.Addr())
			require.NoError(t, err)
			defer c.Close()
		}
		c.SetDeadline(time.Now().Add(10 * time.Second))
		trans := thrift.NewStreamTransportRW(c)
		pf := thrift.NewTBinaryProtocolFactoryConf(nil)
		ms := hive_metastore.NewThriftHiveMetastoreClient(thrift.NewTStandardClient(pf.GetProtocol(trans), pf.GetProtocol(trans)))
		dbs, err := ms.GetAllDatabases(context.Background())
		require.NoError(t, err)
		assert.Equal(t, []string{"default"}, dbs)
	}
	assert.Positive(t, srv.acceptErr.Load())
}

// rawClient is the generated client on its own connection.
func rawClient(t *testing.T, addr string) *hive_metastore.ThriftHiveMetastoreClient {
	t.Helper()
	sock := thrift.NewTSocketConf(addr, nil)
	require.NoError(t, sock.Open())
	trans := thrift.NewTBufferedTransport(sock, 4096)
	t.Cleanup(func() { trans.Close() })
	pf := thrift.NewTBinaryProtocolFactoryConf(nil)
	return hive_metastore.NewThriftHiveMetastoreClient(thrift.NewTStandardClient(pf.GetProtocol(trans), pf.GetProtocol(trans)))
}
