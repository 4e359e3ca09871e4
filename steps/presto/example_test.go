package presto_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/fullstack-lab/fullstack-lab/steps/presto"
)

// showEnds prints text with a $ at the end of each line, as cat -A, so the
// aligned table's trailing spaces show.
func showEnds(text string) {
	for _, l := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		fmt.Println(l + "$")
	}
}

// The class's `show tables` as the Presto CLI prints it.
func ExamplePrint() {
	res := presto.Result{
		Columns: []presto.Column{{Name: "Table", Type: "varchar"}},
		Rows:    [][]any{{"purchases"}},
	}
	var b bytes.Buffer
	presto.Print(&b, presto.Aligned, res)
	showEnds(b.String())
	// Output:
	//    Table   $
	// -----------$
	//  purchases $
	// (1 row)$
}

// Numbers are right-aligned, the header centred; CSV quotes every value.
func ExamplePrint_groupBy() {
	res := presto.Result{
		Columns: []presto.Column{{Name: "host", Type: "varchar"}, {Name: "_col1", Type: "bigint"}},
		Rows:    [][]any{{"user1.comcast.com", json.Number("10")}, {"user2.att.com", json.Number("10")}},
	}
	var b bytes.Buffer
	presto.Print(&b, presto.Aligned, res)
	showEnds(b.String())
	presto.Print(os.Stdout, presto.CSV, res)
	// Output:
	//        host        | _col1 $
	// -------------------+-------$
	//  user1.comcast.com |    10 $
	//  user2.att.com     |    10 $
	// (2 rows)$
	// "user1.comcast.com","10"
	// "user2.att.com","10"
}

// Split cuts what the prompt read into statements ended by ';'.
func ExampleSplit() {
	stmts, rest := presto.Split("show tables;\ndescribe purchases;\nselect *\nfrom")
	for _, s := range stmts {
		os.Stdout.WriteString(s + "\n")
	}
	os.Stdout.WriteString("unfinished:" + rest + "\n")
	// Output:
	// show tables
	// describe purchases
	// unfinished:
	// select *
	// from
}
