package starter

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"go/types"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
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
// In the starter tree it becomes a stub that records it ran and returns zero
// values, or the stub's error where the function returns one:
//
//	todo.Implement("Event", "build the event game_api.py logs")
//	return nil
var (
	beginRe = regexp.MustCompile(`^(\s*)// BEGIN SOLUTION(?::\s*(.*))?$`)
	endRe   = regexp.MustCompile(`^\s*// END SOLUTION\s*$`)
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
	return write(src, dst, nil)
}

// write is Write, leaving out the top-level entries of src named in skip.
func write(src, dst string, skip map[string]bool) ([]Region, error) {
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
			if (skipDirs[d.Name()] || skip[rel]) && rel != "." {
				return filepath.SkipDir
			}
			if abs, _ := filepath.Abs(path); abs == mustAbs(dst) {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if !d.Type().IsRegular() || skipDirs[d.Name()] {
			return nil // .git is a file in a git worktree
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

// TodoImport is the package whose Implement every stub calls.
const TodoImport = "github.com/fullstack-lab/fullstack-lab/harness/todo"

// Stub replaces the solution regions of one Go file and removes the imports
// that only the solutions used. A region's stub records that it ran
// (todo.Implement) and returns zero values, or todo.Implement's error where
// its function returns an error: it never panics, so a test binary runs all
// its tests and only those that reach the stub fail.
func Stub(name string, src []byte) ([]byte, []Region, error) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, name, src, parser.ParseComments)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	funcs := functions(fset, file)
	var out bytes.Buffer
	var regions []Region
	in := false
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if m := beginRe.FindStringSubmatch(line); m != nil {
			if in {
				return nil, nil, fmt.Errorf("%s:%d: %w: BEGIN SOLUTION inside a region", name, n, ErrMarkers)
			}
			in = true
			fn := innermost(funcs, n)
			if fn == nil {
				return nil, nil, fmt.Errorf("%s:%d: %w: BEGIN SOLUTION outside a function", name, n, ErrMarkers)
			}
			r := Region{File: name, Line: n, Func: fn.name, Note: m[2]}
			regions = append(regions, r)
			out.WriteString(stubBody(m[1], r, fn.results, file))
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
	stubbed, err := addImport(name, out.Bytes(), TodoImport)
	if err != nil {
		return nil, nil, err
	}
	fixed, err := imports.Process(name, stubbed, &imports.Options{Comments: true, TabIndent: true, TabWidth: 8, FormatOnly: false})
	if err != nil {
		return nil, nil, fmt.Errorf("%s: stubbed file does not parse: %w", name, err)
	}
	return fixed, regions, nil
}

// stubBody is the stub of region r, in a function returning results.
func stubBody(indent string, r Region, results *ast.FieldList, file *ast.File) string {
	task := r.Note
	if task == "" {
		task = "write " + r.Func
	}
	call := fmt.Sprintf("todo.Implement(%s, %s)", strconv.Quote(r.Func), strconv.Quote(task))
	var zeros []string
	errLast := false
	if results != nil {
		for i, f := range results.List {
			n := max(1, len(f.Names))
			for range n {
				zeros = append(zeros, zero(f.Type, file))
			}
			errLast = i == len(results.List)-1 && isIdent(f.Type, "error")
		}
	}
	switch {
	case len(zeros) == 0:
		return indent + call + "\n"
	case errLast:
		zeros[len(zeros)-1] = call
		return indent + "return " + strings.Join(zeros, ", ") + "\n"
	}
	return indent + call + "\n" + indent + "return " + strings.Join(zeros, ", ") + "\n"
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

// zero is the Go text of the zero value of type t.
func zero(t ast.Expr, file *ast.File) string {
	switch t := t.(type) {
	case *ast.Ident:
		switch t.Name {
		case "string":
			return `""`
		case "bool":
			return "false"
		case "error", "any":
			return "nil"
		case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64",
			"uintptr", "byte", "rune", "float32", "float64", "complex64", "complex128":
			return "0"
		}
		if isStruct(t.Name, file) {
			return t.Name + "{}"
		}
	case *ast.StarExpr, *ast.MapType, *ast.ChanType, *ast.FuncType, *ast.InterfaceType:
		return "nil"
	case *ast.ArrayType:
		if t.Len == nil {
			return "nil"
		}
	}
	return "*new(" + types.ExprString(t) + ")"
}

// isStruct tells whether the file declares name as a struct type.
func isStruct(name string, file *ast.File) bool {
	for _, d := range file.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.TYPE {
			continue
		}
		for _, sp := range g.Specs {
			if ts := sp.(*ast.TypeSpec); ts.Name.Name == name {
				_, ok := ts.Type.(*ast.StructType)
				return ok
			}
		}
	}
	return false
}

// function is a function declaration or literal: its body's lines, its results, the name of the declaration.
type function struct {
	name     string
	from, to int
	results  *ast.FieldList
}

func functions(fset *token.FileSet, file *ast.File) []function {
	var fs []function
	for _, d := range file.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		name := fd.Name.Name
		if fd.Recv != nil && len(fd.Recv.List) == 1 {
			recv := types.ExprString(fd.Recv.List[0].Type)
			if strings.HasPrefix(recv, "*") {
				recv = "(" + recv + ")"
			}
			name = recv + "." + name
		}
		ast.Inspect(fd, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				fs = append(fs, function{name, fset.Position(n.Body.Lbrace).Line, fset.Position(n.Body.Rbrace).Line, n.Type.Results})
			case *ast.FuncLit:
				fs = append(fs, function{name, fset.Position(n.Body.Lbrace).Line, fset.Position(n.Body.Rbrace).Line, n.Type.Results})
			}
			return true
		})
	}
	return fs
}

// innermost is the function whose body holds line and is the shortest.
func innermost(fs []function, line int) *function {
	var best *function
	for i := range fs {
		f := &fs[i]
		if f.from < line && line < f.to && (best == nil || f.to-f.from < best.to-best.from) {
			best = f
		}
	}
	return best
}

// addImport adds path to the imports of the Go file src.
func addImport(name string, src []byte, path string) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
	if err != nil {
		return nil, fmt.Errorf("%s: stubbed file does not parse: %w", name, err)
	}
	astutil.AddImport(fset, f, path)
	var b bytes.Buffer
	if err := format.Node(&b, fset, f); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return b.Bytes(), nil
}
