package metastore

import (
	"context"
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
