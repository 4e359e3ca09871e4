// Command benchmd replaces one section of BENCHMARKS.md with its standard input.
//
//	go run ./tools/benchmd -section serve < results.md
//
// A section runs from "<!-- begin NAME -->" to "<!-- end NAME -->"; a missing one is appended.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	section := flag.String("section", "", "section name")
	file := flag.String("file", "BENCHMARKS.md", "markdown file to update")
	flag.Parse()
	if *section == "" {
		fmt.Fprintln(os.Stderr, "benchmd: -section is required")
		os.Exit(2)
	}
	body, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchmd: read input:", err)
		os.Exit(1)
	}
	doc, err := os.ReadFile(*file)
	if err != nil && !os.IsNotExist(err) {
		fmt.Fprintln(os.Stderr, "benchmd:", err)
		os.Exit(1)
	}
	begin := []byte("<!-- begin " + *section + " -->\n")
	end := []byte("<!-- end " + *section + " -->\n")
	block := append(append(append([]byte{}, begin...), bytes.TrimRight(body, "\n")...), '\n')
	block = append(block, end...)
	i, j := bytes.Index(doc, begin), bytes.Index(doc, end)
	if i >= 0 && j > i {
		doc = append(append(append([]byte{}, doc[:i]...), block...), doc[j+len(end):]...)
	} else {
		if len(doc) > 0 && !bytes.HasSuffix(doc, []byte("\n\n")) {
			doc = append(doc, '\n')
		}
		doc = append(doc, block...)
	}
	tmp := *file + ".tmp"
	if err := os.WriteFile(tmp, doc, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "benchmd:", err)
		os.Exit(1)
	}
	if err := os.Rename(tmp, *file); err != nil {
		fmt.Fprintln(os.Stderr, "benchmd:", err)
		os.Exit(1)
	}
}
