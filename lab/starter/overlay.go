package starter

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Overlay writes, into dir, the stubbed files of the given steps of the
// repository at src (all steps when none is given) and a `go build -overlay`
// file that swaps them in: `go test -overlay FILE` then tests the starter
// tree of those steps without copying the repository. It returns the
// overlay file's path and the stubbed regions.
func Overlay(src, dir string, steps ...string) (string, []Region, error) {
	src, err := filepath.Abs(src)
	if err != nil {
		return "", nil, err
	}
	want := map[string]bool{}
	for _, s := range steps {
		want[s] = true
	}
	files, err := filepath.Glob(filepath.Join(src, "steps", "*", "*.go"))
	if err != nil {
		return "", nil, err
	}
	replace := map[string]string{}
	var regions []Region
	for _, f := range files {
		rel := filepath.ToSlash(strings.TrimPrefix(f, src+string(filepath.Separator)))
		step := strings.Split(rel, "/")[1]
		if strings.HasSuffix(f, "_test.go") || (len(want) > 0 && !want[step]) {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			return "", nil, err
		}
		out, rs, err := Stub(rel, data)
		if err != nil {
			return "", nil, fmt.Errorf("starter: %w", err)
		}
		if len(rs) == 0 {
			continue
		}
		stubbed := filepath.Join(dir, strings.ReplaceAll(rel, "/", "_"))
		if err := os.WriteFile(stubbed, out, 0o644); err != nil {
			return "", nil, err
		}
		replace[f] = stubbed
		regions = append(regions, rs...)
	}
	b, err := json.Marshal(map[string]any{"Replace": replace})
	if err != nil {
		return "", nil, err
	}
	path := filepath.Join(dir, "overlay.json")
	return path, regions, os.WriteFile(path, b, 0o644)
}
