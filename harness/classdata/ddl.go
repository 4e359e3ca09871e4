package classdata

import "fmt"

// DDL is the class's hand-written Hive table over location (its User_Agent
// column reads NULL over the Parquet column User-Agent: schema on read).
func DDL(table, location string) string {
	return fmt.Sprintf(`create external table if not exists default.%s (
    Accept string,
    Host string,
    User_Agent string,
    event_type string,
    timestamp string
  )
  stored as parquet
  location '%s'
  tblproperties ("parquet.compress"="SNAPPY");`, table, location)
}
