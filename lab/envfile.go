package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

// readEnvFile reads the LAB_* variables of path (KEY=VALUE lines, # comments,
// an optional "export ").
func readEnvFile(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("env file: %w", err)
	}
	defer f.Close()
	vars := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, val, ok := strings.Cut(strings.TrimPrefix(line, "export "), "=")
		key = strings.TrimSpace(key)
		if !ok || !strings.HasPrefix(key, "LAB_") {
			return nil, fmt.Errorf("env file %s:%d: want LAB_NAME=value, got %q", path, n, line)
		}
		vars[key] = strings.Trim(strings.TrimSpace(val), `"'`)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("env file: %w", err)
	}
	return vars, nil
}
