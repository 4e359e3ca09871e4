package starter

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/tools/imports"
)

// A solution region is a whole function body, marked so:
//
//	func Event(eventType string, r *http.Request) []byte {
//		// BEGIN SOLUTION: build the event game_api.py logs
//		...
//		// END SOLUTION
//	}
//
// In the starter tree it becomes
//
//	panic("TODO: implement Event: build the event game_api.py logs")
var (
	beginRe = regexp.MustCompile(`^(\s*)// BEGIN SOLUTION(?::\s*(.*))?$`)
	endRe   = regexp.MustCompile(`^\s*// END SOLUTION\s*$`)
	funcRe  = regexp.MustCompile(`^func (?:\([^)]*\)\s*)?([A-Za-z0-9_]+)`)
)

// ErrMarkers is returned for unbalanced or nested markers.
var ErrMarkers = errors.New("bad solution markers")

// Region is one stubbed region.
type Region struct {
	File string
	Line int
	Func string
	Note string
}

// skipDirs are not copied into a starter tree.
var skipDirs = map[string]bool{".git": true, ".lab": true, "bin": true}

// Write copies the repository at src into dst (which must not exist or be
// empty), stubbing every solution region of the Go files under steps/.
func Write(src, dst string) ([]Region, error) {
	if ents, err := os.ReadDir(dst); err == nil && len(ents) > 0 {
		return nil, fmt.Errorf("starter: %s is not empty", dst)
	}
	var regions []Region
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		if d.IsDir() {
			if skipDirs[d.Name()] && rel != "." {
				return filepath.SkipDir
			}
			if abs, _ := filepath.Abs(path); abs == mustAbs(dst) {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if strings.HasPrefix(filepath.ToSlash(rel), "steps/") && strings.HasSuffix(rel, ".go") && !strings.HasSuffix(rel, "_test.go") {
			var rs []Region
			data, rs, err = Stub(filepath.ToSlash(rel), data)
			if err != nil {
				return err
			}
			regions = append(regions, rs...)
		}
		return os.WriteFile(filepath.Join(dst, rel), data, info.Mode().Perm())
	})
	if err != nil {
		return nil, fmt.Errorf("starter: %w", err)
	}
	return regions, nil
}

func mustAbs(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return a
}

// Stub replaces the solution regions of one Go file and removes the imports
// that only the solutions used.
func Stub(name string, src []byte) ([]byte, []Region, error) {
	var out bytes.Buffer
	var regions []Region
	fn := ""
	in := false
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if m := funcRe.FindStringSubmatch(line); m != nil && !in {
			fn = m[1]
		}
		if m := beginRe.FindStringSubmatch(line); m != nil {
			if in {
				return nil, nil, fmt.Errorf("%s:%d: %w: BEGIN SOLUTION inside a region", name, n, ErrMarkers)
			}
			in = true
			r := Region{File: name, Line: n, Func: fn, Note: m[2]}
			regions = append(regions, r)
			msg := "TODO: implement " + fn
			if r.Note != "" {
				msg += ": " + r.Note
			}
			fmt.Fprintf(&out, "%spanic(%s)\n", m[1], strconv.Quote(msg))
			continue
		}
		if endRe.MatchString(line) {
			if !in {
				return nil, nil, fmt.Errorf("%s:%d: %w: END SOLUTION without BEGIN", name, n, ErrMarkers)
			}
			in = false
			continue
		}
		if !in {
			out.WriteString(line)
			out.WriteByte('\n')
		}
	}
	if err := sc.Err(); err != nil {
		return nil, nil, err
	}
	if in {
		return nil, nil, fmt.Errorf("%s: %w: BEGIN SOLUTION without END", name, ErrMarkers)
	}
	if len(regions) == 0 {
		return src, nil, nil
	}
	fixed, err := imports.Process(name, out.Bytes(), &imports.Options{Comments: true, TabIndent: true, TabWidth: 8, FormatOnly: false})
	if err != nil {
		return nil, nil, fmt.Errorf("%s: stubbed file does not parse: %w", name, err)
	}
	return fixed, regions, nil
}
