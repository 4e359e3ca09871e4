package warehouse

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os/user"
	"sort"
	"strings"
	"time"

	"github.com/colinmarc/hdfs/v2"
)

// HDFS is a warehouse on HDFS, reached with colinmarc/hdfs.
type HDFS struct {
	Client   *hdfs.Client
	namenode string
	// locations is the NameNode's address in URIs, when it differs (WithLocations).
	locations string
}

// NewHDFS connects to the NameNode at addr (host:port) as the user named
// as, or as the current user when as is empty.
func NewHDFS(addr, as string) (*HDFS, error) {
	name := as
	if name == "" {
		if u, err := user.Current(); err == nil {
			name = u.Username
		} else {
			name = "root"
		}
	}
	c, err := hdfs.NewClient(hdfs.ClientOptions{Addresses: []string{addr}, User: name})
	if err != nil {
		return nil, fmt.Errorf("connect hdfs %s: %w", addr, err)
	}
	return &HDFS{Client: c, namenode: addr}, nil
}

func (h *HDFS) Create(name string) (io.WriteCloser, error) {
	p, err := clean(name)
	if err != nil {
		return nil, err
	}
	if err := h.Client.MkdirAll(parent(p), 0o755); err != nil {
		return nil, err
	}
	if err := h.Client.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	w, err := h.Client.Create(p)
	if err != nil {
		return nil, err
	}
	return replicatedWriter{w}, nil
}

// replicatedWriter's Close waits until the NameNode has the file complete.
// The DataNodes may have acknowledged every packet before they report the last
// block to the NameNode: then Close answers hdfs.ErrReplicating and the file
// stays open (and not renamable) until a Close succeeds. The Java client
// retries with exponential backoff; so does this.
type replicatedWriter struct{ *hdfs.FileWriter }

func (w replicatedWriter) Close() error {
	delay := 10 * time.Millisecond
	deadline := time.Now().Add(30 * time.Second)
	for {
		err := w.FileWriter.Close()
		if !hdfs.IsErrReplicating(err) || time.Now().After(deadline) {
			return err
		}
		time.Sleep(delay) // waiting on the NameNode's own bookkeeping: nothing to poll but Close
		delay = min(2*delay, time.Second)
	}
}

type hdfsFile struct{ *hdfs.FileReader }

func (f hdfsFile) Size() int64 { return f.Stat().Size() }

func (h *HDFS) Open(name string) (File, error) {
	p, err := clean(name)
	if err != nil {
		return nil, err
	}
	f, err := h.Client.Open(p)
	if err != nil {
		return nil, err
	}
	return hdfsFile{f}, nil
}

func (h *HDFS) Stat(name string) (fs.FileInfo, error) {
	p, err := clean(name)
	if err != nil {
		return nil, err
	}
	return h.Client.Stat(p)
}

func (h *HDFS) ReadDir(name string) ([]fs.FileInfo, error) {
	p, err := clean(name)
	if err != nil {
		return nil, err
	}
	infos, err := h.Client.ReadDir(p)
	if err != nil {
		return nil, err
	}
	sort.Slice(infos, func(i, j int) bool { return infos[i].Name() < infos[j].Name() })
	return infos, nil
}

func (h *HDFS) MkdirAll(name string) error {
	p, err := clean(name)
	if err != nil {
		return err
	}
	return h.Client.MkdirAll(p, 0o755)
}

func (h *HDFS) Rename(oldname, newname string) error {
	op, err := clean(oldname)
	if err != nil {
		return err
	}
	np, err := clean(newname)
	if err != nil {
		return err
	}
	if _, err := h.Client.Stat(np); err == nil {
		return &fs.PathError{Op: "rename", Path: newname, Err: fs.ErrExist}
	}
	if err := h.Client.MkdirAll(parent(np), 0o755); err != nil {
		return err
	}
	return h.Client.Rename(op, np)
}

func (h *HDFS) RemoveAll(name string) error {
	p, err := clean(name)
	if err != nil {
		return err
	}
	if p == "/" {
		return fmt.Errorf("remove %s: refusing to remove the warehouse root", name)
	}
	err = h.Client.RemoveAll(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

func (h *HDFS) URI(name string) string {
	p, _ := clean(name)
	if h.locations != "" {
		return "hdfs://" + h.locations + p
	}
	return "hdfs://" + h.namenode + p
}

func (h *HDFS) Path(location string) (string, error) {
	if strings.HasPrefix(location, "/") {
		return clean(location)
	}
	rest, ok := strings.CutPrefix(location, "hdfs://")
	if !ok {
		return "", fmt.Errorf("location %q: not on hdfs", location)
	}
	i := strings.IndexByte(rest, '/')
	if i < 0 {
		return "/", nil
	}
	return clean(rest[i:])
}

func (h *HDFS) Close() error { return h.Client.Close() }

func parent(p string) string {
	i := strings.LastIndexByte(p, '/')
	if i <= 0 {
		return "/"
	}
	return p[:i]
}
