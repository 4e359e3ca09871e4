package metastore

import (
	"bytes"
	"context"
	"fmt"

	"github.com/apache/thrift/lib/go/thrift"
)

// A request is read twice. The first pass reads it off the connection with
// Skip, through a recorder that keeps its bytes and fails once they pass the
// message limit, and through limited, which refuses a container whose
// declared size cannot fit in the bytes the limit leaves: nothing is
// allocated for a declaration, only for bytes that arrived. The second pass
// decodes the recorded bytes with the generated code, from memory, where
// every declared size is backed by bytes already read.
//
// Thrift 0.22's TBinaryProtocol checks a declared container size only against
// TConfiguration.MaxMessageSize taken as a count of entries, and the
// generated code then reserves that many entries before reading one (a
// 36-byte create_table declaring a map of 20M entries reserved ~900 MB).

// recorder is the transport the first pass reads through.
type recorder struct {
	thrift.TTransport
	buf   bytes.Buffer
	limit int
}

func newRecorder(t thrift.TTransport, limit int) *recorder {
	return &recorder{TTransport: t, limit: limit}
}

// reset starts recording the next message.
func (r *recorder) reset() {
	r.buf.Reset()
	if r.buf.Cap() > 64<<10 {
		r.buf = bytes.Buffer{} // do not keep a big request's buffer for an idle connection
	}
}

func (r *recorder) Read(p []byte) (int, error) {
	n, err := r.TTransport.Read(p)
	if r.buf.Len()+n > r.limit {
		return 0, thrift.NewTProtocolExceptionWithType(thrift.SIZE_LIMIT,
			fmt.Errorf("request larger than the message limit of %d bytes", r.limit))
	}
	r.buf.Write(p[:n])
	return n, err
}

// RemainingBytes is how many more bytes the message may have.
func (r *recorder) RemainingBytes() uint64 { return uint64(r.limit - r.buf.Len()) }

// limited is the first pass's protocol: a container is refused when its
// declared entries, each at its smallest encoding, need more bytes than the
// message may still have.
type limited struct {
	thrift.TProtocol
	rec *recorder
}

func (p limited) ReadMapBegin(ctx context.Context) (k, v thrift.TType, size int, err error) {
	k, v, size, err = p.TProtocol.ReadMapBegin(ctx)
	if err == nil {
		err = p.check("map", size, minSize(k)+minSize(v))
	}
	return k, v, size, err
}

func (p limited) ReadListBegin(ctx context.Context) (elem thrift.TType, size int, err error) {
	elem, size, err = p.TProtocol.ReadListBegin(ctx)
	if err == nil {
		err = p.check("list", size, minSize(elem))
	}
	return elem, size, err
}

func (p limited) ReadSetBegin(ctx context.Context) (elem thrift.TType, size int, err error) {
	elem, size, err = p.TProtocol.ReadSetBegin(ctx)
	if err == nil {
		err = p.check("set", size, minSize(elem))
	}
	return elem, size, err
}

// Skip must come back through p, not through the wrapped protocol's own Skip.
func (p limited) Skip(ctx context.Context, t thrift.TType) error {
	return thrift.SkipDefaultDepth(ctx, p, t)
}

func (p limited) check(what string, size, each int) error {
	left := p.rec.RemainingBytes()
	if uint64(size)*uint64(each) > left {
		return thrift.NewTProtocolExceptionWithType(thrift.SIZE_LIMIT,
			fmt.Errorf("a %s of %d entries does not fit in the %d bytes left under the message limit of %d bytes",
				what, size, left, p.rec.limit))
	}
	return nil
}

// minSize is the fewest bytes TBinaryProtocol encodes a value of type t in.
func minSize(t thrift.TType) int {
	switch t {
	case thrift.BOOL, thrift.BYTE, thrift.STRUCT: // a struct can be a lone STOP
		return 1
	case thrift.I16:
		return 2
	case thrift.I32, thrift.STRING: // a string is its 4-byte length
		return 4
	case thrift.I64, thrift.DOUBLE:
		return 8
	case thrift.LIST, thrift.SET:
		return 5
	case thrift.MAP:
		return 6
	case thrift.UUID:
		return 16
	}
	return 1
}
