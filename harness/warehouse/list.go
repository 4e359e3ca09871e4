package warehouse

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strconv"
	"strings"
)

// List writes what `hadoop fs -ls ARG` prints: "Found N items" and one line
// per entry, or one line for a file. ARG is a warehouse path or URI.
func List(w io.Writer, fsys FS, arg string) error { return list(w, fsys, arg, false) }

// ListRecursive writes what `hadoop fs -ls -R ARG` prints: one line per
// entry under ARG, depth first, with no "Found N items" header.
func ListRecursive(w io.Writer, fsys FS, arg string) error { return list(w, fsys, arg, true) }

func list(w io.Writer, fsys FS, arg string, recursive bool) error {
	p, err := fsys.Path(arg)
	if err != nil {
		return err
	}
	info, err := fsys.Stat(p)
	if err != nil {
		return NotFound(arg, err)
	}
	if !info.IsDir() {
		_, err := io.WriteString(w, lsLines([]fs.FileInfo{info}, []string{p}))
		return err
	}
	if recursive {
		return listTree(w, fsys, p)
	}
	infos, err := fsys.ReadDir(p)
	if err != nil {
		return NotFound(arg, err)
	}
	if len(infos) == 0 {
		return nil
	}
	names := make([]string, len(infos))
	for i, fi := range infos {
		names[i] = path.Join(p, fi.Name())
	}
	_, err = fmt.Fprintf(w, "Found %d items\n%s", len(infos), lsLines(infos, names))
	return err
}

// lsLines formats entries as hadoop fs -ls: permissions, replication, owner,
// group, size, modification time (yyyy-MM-dd HH:mm) and path, in aligned columns.
func lsLines(infos []fs.FileInfo, names []string) string {
	type line struct{ kind, perm, repl, owner, group, size, date, name string }
	lines := make([]line, len(infos))
	maxRepl, maxLen, maxOwner, maxGroup := 3, 10, 0, 0
	for i, fi := range infos {
		owner, group, repl := Owner(fi)
		l := line{kind: "-", perm: fi.Mode().Perm().String()[1:], repl: strconv.Itoa(repl), owner: owner, group: group,
			size: strconv.FormatInt(fi.Size(), 10), date: fi.ModTime().Format("2006-01-02 15:04"), name: names[i]}
		if fi.IsDir() {
			l.kind, l.repl, l.size = "d", "-", "0"
		}
		maxRepl, maxLen = max(maxRepl, len(l.repl)), max(maxLen, len(l.size))
		maxOwner, maxGroup = max(maxOwner, len(owner)), max(maxGroup, len(group))
		lines[i] = l
	}
	var b strings.Builder
	for _, l := range lines {
		fmt.Fprintf(&b, "%s%s %*s %-*s %-*s %*s %s %s\n", l.kind, l.perm, maxRepl, l.repl, maxOwner, l.owner, maxGroup, l.group, maxLen, l.size, l.date, l.name)
	}
	return b.String()
}

// NotFound renders a missing path as hadoop does.
func NotFound(arg string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("`%s': No such file or directory", arg)
	}
	return err
}
