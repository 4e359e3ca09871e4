package metastore

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/apache/thrift/lib/go/thrift"
	"github.com/beltran/gohive/hive_metastore"
)

// processor dispatches the calls of Calls to the generated processor
// functions. Any other call is answered "Unknown function <name>", as the
// generated processor does. A panic in a call is answered with an
// application error (INTERNAL_ERROR), as a Java metastore answers an
// unexpected exception: one bad request never stops the server.
type processor struct {
	funcs map[string]thrift.TProcessorFunction
}

// newProcessor returns the processor of h with only the calls of Calls.
func newProcessor(h *handler) thrift.TProcessor {
	all := hive_metastore.NewThriftHiveMetastoreProcessor(h).ProcessorMap()
	p := &processor{funcs: map[string]thrift.TProcessorFunction{}}
	for _, name := range Calls {
		p.funcs[name] = all[name]
	}
	return p
}

func (p *processor) ProcessorMap() map[string]thrift.TProcessorFunction { return p.funcs }

func (p *processor) AddToProcessorMap(name string, f thrift.TProcessorFunction) { p.funcs[name] = f }

func (p *processor) Process(ctx context.Context, in, out thrift.TProtocol) (ok bool, err thrift.TException) {
	name, _, seq, rerr := in.ReadMessageBegin(ctx)
	if rerr != nil {
		return false, thrift.WrapTException(rerr)
	}
	if l, ok := in.(limited); ok {
		// The first pass (see limits.go): read the arguments whole, within
		// the limits, before decoding them.
		start := l.rec.buf.Len()
		if err := in.Skip(ctx, thrift.STRUCT); err != nil {
			return false, refuse(ctx, out, name, seq, err)
		}
		in.ReadMessageEnd(ctx)
		args := &thrift.TMemoryBuffer{Buffer: bytes.NewBuffer(l.rec.buf.Bytes()[start:])}
		in = thrift.NewTBinaryProtocolConf(args, &thrift.TConfiguration{MaxMessageSize: int32(l.rec.limit)})
		if _, found := p.funcs[name]; !found {
			x := thrift.NewTApplicationException(thrift.UNKNOWN_METHOD, "Unknown function "+name)
			return false, reply(ctx, out, name, seq, x)
		}
	}
	f, found := p.funcs[name]
	if !found {
		in.Skip(ctx, thrift.STRUCT)
		in.ReadMessageEnd(ctx)
		x := thrift.NewTApplicationException(thrift.UNKNOWN_METHOD, "Unknown function "+name)
		return false, reply(ctx, out, name, seq, x)
	}
	defer func() {
		if r := recover(); r != nil {
			// The generated functions read the whole request before calling
			// the handler and write the answer after: nothing was answered yet.
			x := thrift.NewTApplicationException(thrift.INTERNAL_ERROR, fmt.Sprintf("Internal error processing %s: %v", name, r))
			ok, err = true, reply(ctx, out, name, seq, x)
		}
	}()
	return f.Process(ctx, seq, in, out)
}

// refuse answers a request whose arguments could not be read: a transport
// error (the client went away, the idle timeout) ends the connection
// silently; a protocol error (a limit, malformed data) is answered with a
// protocol error first. Either way the connection is closed after, since
// the rest of the stream cannot be trusted.
func refuse(ctx context.Context, out thrift.TProtocol, name string, seq int32, err error) thrift.TException {
	var te thrift.TTransportException
	if errors.As(err, &te) {
		return te
	}
	x := thrift.NewTApplicationException(thrift.PROTOCOL_ERROR, name+": "+err.Error())
	if werr := reply(ctx, out, name, seq, x); werr != x {
		return werr
	}
	return thrift.NewTTransportException(thrift.UNKNOWN_TRANSPORT_EXCEPTION, "refused: "+x.Error())
}

// reply writes x as the answer to call name; it returns x, or the write's error.
func reply(ctx context.Context, out thrift.TProtocol, name string, seq int32, x thrift.TApplicationException) thrift.TException {
	out.WriteMessageBegin(ctx, name, thrift.EXCEPTION, seq)
	x.Write(ctx, out)
	out.WriteMessageEnd(ctx)
	if err := out.Flush(ctx); err != nil {
		return thrift.WrapTException(err)
	}
	return x
}
