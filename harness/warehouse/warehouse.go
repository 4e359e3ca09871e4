package warehouse

import (
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"path"
	"strings"
)

// FS is the warehouse as the steps see it. Paths are absolute warehouse
// paths such as /tmp/purchases, whatever the backend.
type FS interface {
	// Create creates or truncates the file at name; its parent directories are created.
	Create(name string) (io.WriteCloser, error)
	// Open opens the file at name for reading.
	Open(name string) (File, error)
	Stat(name string) (fs.FileInfo, error)
	// ReadDir lists a directory, sorted by name.
	ReadDir(name string) ([]fs.FileInfo, error)
	MkdirAll(name string) error
	// Rename moves oldname to newname; it fails if newname exists.
	Rename(oldname, newname string) error
	// RemoveAll removes name and everything under it; a missing name is not an error.
	RemoveAll(name string) error
	// URI is the location a metastore records for name (file:///... or hdfs://host:port/...).
	URI(name string) string
	// Path maps a location (a URI from URI, or a plain absolute path) back to a warehouse path.
	Path(location string) (string, error)
	Close() error
}

// File is an open warehouse file: Parquet readers need ReadAt and the size.
type File interface {
	io.Reader
	io.ReaderAt
	io.Closer
	Size() int64
}

// Open connects to the warehouse at root: file:///abs/dir or hdfs://host:port.
func Open(root string, opts ...OpenOption) (FS, error) {
	var o openOptions
	for _, opt := range opts {
		opt(&o)
	}
	u, err := url.Parse(root)
	if err != nil {
		return nil, fmt.Errorf("open warehouse %q: %w", root, err)
	}
	switch u.Scheme {
	case "file":
		return NewLocal(u.Path)
	case "hdfs":
		h, err := NewHDFS(u.Host, o.user)
		if err != nil {
			return nil, err
		}
		if o.locations != "" {
			l, err := url.Parse(o.locations)
			if err != nil || l.Scheme != "hdfs" || l.Host == "" {
				h.Close()
				return nil, fmt.Errorf("open warehouse %q: locations %q must be hdfs://host:port", root, o.locations)
			}
			h.locations = l.Host
		}
		return h, nil
	default:
		return nil, fmt.Errorf("open warehouse %q: scheme must be file:// or hdfs://", root)
	}
}

// OpenOption configures Open.
type OpenOption func(*openOptions)

type openOptions struct{ locations, user string }

// WithLocations makes URI answer with root (hdfs://host:port) instead of the
// address Open connects to: the address the stack's own services reach the
// warehouse at, which is what a metastore must record. In containers the
// NameNode is hdfs://namenode:8020 for them, and a published port on
// 127.0.0.1 for this machine. Empty keeps Open's root.
func WithLocations(root string) OpenOption { return func(o *openOptions) { o.locations = root } }

// WithUser is the user HDFS sees (default: the current user). The local
// warehouse ignores it.
func WithUser(name string) OpenOption { return func(o *openOptions) { o.user = name } }

// clean makes name an absolute, clean warehouse path.
func clean(name string) (string, error) {
	if !strings.HasPrefix(name, "/") {
		return "", fmt.Errorf("warehouse path %q: must be absolute (like /tmp/purchases)", name)
	}
	return path.Clean(name), nil
}
