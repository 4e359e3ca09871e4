package grade

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Stub is a function of a step still to implement: a todo.Implement call left in its body.
type Stub struct {
	Step string `json:"step"`
	Func string `json:"func"`
	File string `json:"file"`
	Line int    `json:"line"`
	Task string `json:"task"`
}

func (s Stub) String() string { return fmt.Sprintf("%s:%d  %s: %s", s.File, s.Line, s.Func, s.Task) }

// FindStubs lists the stubs left in the steps of the module at root: the
// todo.Implement calls of steps/*/*.go (tests aside), in file order.
func FindStubs(root string) ([]Stub, error) {
	files, err := filepath.Glob(filepath.Join(root, "steps", "*", "*.go"))
	if err != nil {
		return nil, err
	}
	var stubs []Stub
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		rel, err := filepath.Rel(root, f)
		if err != nil {
			return nil, err
		}
		rel = filepath.ToSlash(rel)
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			continue // the build reports it
		}
		name := ""
		for _, imp := range file.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); strings.HasSuffix(p, "/harness/todo") {
				name = "todo"
				if imp.Name != nil {
					name = imp.Name.Name
				}
			}
		}
		if name == "" {
			continue
		}
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 2 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "Implement" {
				return true
			}
			if id, ok := sel.X.(*ast.Ident); !ok || id.Name != name {
				return true
			}
			fn, _ := stringLit(call.Args[0])
			task, _ := stringLit(call.Args[1])
			stubs = append(stubs, Stub{Step: strings.Split(rel, "/")[1], Func: fn, File: rel,
				Line: fset.Position(call.Pos()).Line, Task: task})
			return true
		})
	}
	sort.SliceStable(stubs, func(i, j int) bool {
		if stubs[i].File != stubs[j].File {
			return stubs[i].File < stubs[j].File
		}
		return stubs[i].Line < stubs[j].Line
	})
	return stubs, nil
}

func stringLit(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

// AddStubs attaches each stub to its step.
func (r *Report) AddStubs(stubs []Stub) {
	for _, st := range r.Steps {
		st.Stubs = nil
		for _, s := range stubs {
			if s.Step == st.Name {
				st.Stubs = append(st.Stubs, s)
			}
		}
	}
}
