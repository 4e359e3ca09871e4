package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/fullstack-lab/fullstack-lab/lab/grade"
)

// labModule is the module path of the lab and of every starter tree.
const labModule = "github.com/fullstack-lab/fullstack-lab"

// findLabModule is the root of the lab's module that holds dir, or "".
func findLabModule(dir string) string {
	for {
		if f, err := os.Open(filepath.Join(dir, "go.mod")); err == nil {
			sc := bufio.NewScanner(f)
			sc.Scan()
			f.Close()
			if strings.TrimSpace(strings.TrimPrefix(sc.Text(), "module")) == labModule {
				return dir
			}
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// unsolvedSteps maps each step package of the lab's module around the
// current directory to its functions still to implement (a student's tree);
// nil outside the module or in a solved one.
func unsolvedSteps() map[string][]string {
	wd, err := os.Getwd()
	if err != nil {
		return nil
	}
	root := findLabModule(wd)
	if root == "" {
		return nil
	}
	stubs, err := grade.FindStubs(root)
	if err != nil || len(stubs) == 0 {
		return nil
	}
	m := map[string][]string{}
	for _, s := range stubs {
		m[s.Step] = append(m[s.Step], fmt.Sprintf("%s (%s:%d)", s.Func, s.File, s.Line))
	}
	return m
}
