package warehouse

import (
	"errors"
	"fmt"
	"io"
	"sync"
)

// ErrInjected is the error a Faulty filesystem fails with.
var ErrInjected = errors.New("injected fault")

// Faulty wraps a filesystem and fails chosen calls with ErrInjected, so
// tests can break a write part-way. Counts start at 1 and cover every call
// through the wrapper; 0 never fails.
type Faulty struct {
	FS
	// FailWrite fails the Nth Write to any file created through the wrapper.
	FailWrite int
	// FailCreate fails the Nth Create.
	FailCreate int
	// FailRename fails the Nth Rename.
	FailRename int
	// FailRemove fails the Nth RemoveAll.
	FailRemove int
	// AllowExchange passes Exchange through to the wrapped filesystem when
	// it has one; by default a Faulty cannot exchange, as HDFS cannot.
	AllowExchange bool
	// FailExchange fails the Nth Exchange.
	FailExchange int

	mu                                           sync.Mutex
	writes, creates, renames, removes, exchanges int
}

// FailNthWrite returns fsys failing its nth Write.
func FailNthWrite(fsys FS, n int) *Faulty { return &Faulty{FS: fsys, FailWrite: n} }

func (f *Faulty) hit(counter *int, n int, what string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	*counter++
	if n > 0 && *counter == n {
		return fmt.Errorf("%s #%d: %w", what, n, ErrInjected)
	}
	return nil
}

// Create implements FS.
func (f *Faulty) Create(name string) (io.WriteCloser, error) {
	if err := f.hit(&f.creates, f.FailCreate, "create "+name); err != nil {
		return nil, err
	}
	w, err := f.FS.Create(name)
	if err != nil {
		return nil, err
	}
	return &faultyWriter{WriteCloser: w, f: f, name: name}, nil
}

// Rename implements FS.
func (f *Faulty) Rename(oldname, newname string) error {
	if err := f.hit(&f.renames, f.FailRename, "rename "+oldname); err != nil {
		return err
	}
	return f.FS.Rename(oldname, newname)
}

// RemoveAll implements FS.
func (f *Faulty) RemoveAll(name string) error {
	if err := f.hit(&f.removes, f.FailRemove, "remove "+name); err != nil {
		return err
	}
	return f.FS.RemoveAll(name)
}

// Exchange implements Exchanger, if AllowExchange and the wrapped filesystem does.
func (f *Faulty) Exchange(oldname, newname string) error {
	x, ok := f.FS.(Exchanger)
	if !f.AllowExchange || !ok {
		return fmt.Errorf("exchange %s and %s: %w", oldname, newname, errors.ErrUnsupported)
	}
	if err := f.hit(&f.exchanges, f.FailExchange, "exchange "+oldname); err != nil {
		return err
	}
	return x.Exchange(oldname, newname)
}

type faultyWriter struct {
	io.WriteCloser
	f    *Faulty
	name string
}

func (w *faultyWriter) Write(p []byte) (int, error) {
	if err := w.f.hit(&w.f.writes, w.f.FailWrite, "write "+w.name); err != nil {
		// Half the bytes reach the file, as a real failure part-way would leave them.
		n, _ := w.WriteCloser.Write(p[:len(p)/2])
		return n, err
	}
	return w.WriteCloser.Write(p)
}
