package hive_test

import (
	"fmt"

	"github.com/fullstack-lab/fullstack-lab/steps/hive"
)

// The class's DDL, parsed: Hive folds names to lower case, so User_Agent is
// user_agent, which does not match the Parquet column User-Agent.
func ExampleParse() {
	st, err := hive.Parse(`create external table if not exists default.purchases2 (
    Accept string, Host string, User_Agent string, event_type string, timestamp string)
  stored as parquet location '/tmp/purchases' tblproperties ("parquet.compress"="SNAPPY")`)
	if err != nil {
		fmt.Println(err)
		return
	}
	t := st.(hive.CreateTable)
	fmt.Println(t.DB, t.Name, t.External, t.IfNotExists, t.Location, t.Properties)
	for _, c := range t.Columns {
		fmt.Print(c.Name, " ")
	}
	fmt.Println()
	// Output:
	// default purchases2 true true /tmp/purchases map[parquet.compress:SNAPPY]
	// accept host user_agent event_type timestamp
}
