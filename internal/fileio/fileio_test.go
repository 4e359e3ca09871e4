package fileio

import (
	"errors"
	"io"
	"strings"
	"testing"
)

type sink struct {
	strings.Builder
	closed   bool
	closeErr error
}

func (s *sink) Close() error { s.closed = true; return s.closeErr }

type failing struct{}

func (failing) Read([]byte) (int, error) { return 0, errors.New("read failed") }

func TestCopyClose(t *testing.T) {
	var s sink
	if err := CopyClose(&s, strings.NewReader("abc")); err != nil || s.String() != "abc" || !s.closed {
		t.Fatalf("CopyClose = %v, wrote %q, closed %v; want nil, abc, true", err, s.String(), s.closed)
	}
	s = sink{closeErr: io.ErrShortWrite}
	if err := CopyClose(&s, strings.NewReader("abc")); !errors.Is(err, io.ErrShortWrite) {
		t.Fatalf("CopyClose with a failing close = %v, want %v", err, io.ErrShortWrite)
	}
	s = sink{closeErr: io.ErrShortWrite}
	if err := CopyClose(&s, failing{}); err == nil || err.Error() != "read failed" || !s.closed {
		t.Fatalf("CopyClose with a failing read = %v (closed %v), want read failed, closed", err, s.closed)
	}
}
