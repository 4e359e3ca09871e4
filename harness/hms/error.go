package hms

import (
	"errors"

	"github.com/beltran/gohive/hive_metastore"
)

// Error is an exception the metastore answered with. errors.Is matches its
// Kind (ErrNotFound, ErrAlreadyExists, ErrInvalid) when it has one.
type Error struct {
	// Op is what was being done: "get table default.purchases".
	Op string
	// Kind is one of the package's sentinel errors, or nil.
	Kind error
	// Msg is the metastore's own message.
	Msg string
	// Err is the exception as received.
	Err error
}

func (e *Error) Error() string {
	msg := e.Msg
	if msg == "" && e.Kind != nil {
		msg = e.Kind.Error()
	}
	return e.Op + ": " + msg
}

// Unwrap returns the kind and the exception, for errors.Is and errors.As.
func (e *Error) Unwrap() []error {
	if e.Kind == nil {
		return []error{e.Err}
	}
	return []error{e.Kind, e.Err}
}

// wrap turns the metastore's exceptions into *Error; other errors get op as context.
func wrap(op string, err error) error {
	var (
		nso *hive_metastore.NoSuchObjectException
		ae  *hive_metastore.AlreadyExistsException
		io  *hive_metastore.InvalidObjectException
		iop *hive_metastore.InvalidOperationException
		me  *hive_metastore.MetaException
	)
	switch {
	case errors.As(err, &nso):
		return &Error{Op: op, Kind: ErrNotFound, Msg: nso.Message, Err: err}
	case errors.As(err, &ae):
		return &Error{Op: op, Kind: ErrAlreadyExists, Msg: ae.Message, Err: err}
	case errors.As(err, &io):
		return &Error{Op: op, Kind: ErrInvalid, Msg: io.Message, Err: err}
	case errors.As(err, &iop):
		return &Error{Op: op, Kind: ErrInvalid, Msg: iop.Message, Err: err}
	case errors.As(err, &me):
		return &Error{Op: op, Msg: me.Message, Err: err}
	}
	return &Error{Op: op, Msg: err.Error(), Err: err}
}
