// Package fileio holds the small file-copying steps the harness and the lab CLI share.
package fileio

import "io"

// CopyClose copies r into w and closes w, returning the copy's error or else the close's
// (a file is complete only once it is closed).
func CopyClose(w io.WriteCloser, r io.Reader) error {
	if _, err := io.Copy(w, r); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}
