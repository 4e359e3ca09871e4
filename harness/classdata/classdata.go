package classdata

import (
	"bufio"
	"fmt"
	"path"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/segmentio/kafka-go"

	"github.com/fullstack-lab/fullstack-lab/harness/hms"
	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
)

// T0 is the time of the class's first record; record i is T0 + 3ms·i.
var T0 = time.Date(2018, 4, 4, 22, 36, 13, 124_000_000, time.UTC)

// SparkTimeLayout is how Spark casts a timestamp to a string: microseconds,
// trailing zeros of the fraction dropped, no fraction when it is zero.
const SparkTimeLayout = "2006-01-02 15:04:05.999999"

// Event is the JSON text the game API logs for a request of ab to path ("/"
// or "/purchase_a_sword") with Host host, as json.dumps writes it.
func Event(eventType, host string) string {
	return fmt.Sprintf(`{"event_type": %q, "Host": %q, "User-Agent": "ApacheBench/2.3", "Accept": "*/*"}`, eventType, host)
}

// RecordTime is the time of the class's record i: T0 + 3ms·i.
func RecordTime(i int) time.Time { return T0.Add(time.Duration(i) * 3 * time.Millisecond) }

// Values are the events of the class's four `ab -n 10` runs, in order
// (user1 /, user1 /purchase_a_sword, user2 /, user2 /purchase_a_sword): 40
// events, 20 sword purchases.
func Values() []string {
	var vals []string
	for _, run := range []struct{ eventType, host string }{
		{"default", "user1.comcast.com"}, {"purchase_sword", "user1.comcast.com"},
		{"default", "user2.att.com"}, {"purchase_sword", "user2.att.com"},
	} {
		for range 10 {
			vals = append(vals, Event(run.eventType, run.host))
		}
	}
	return vals
}

// Messages are values as Kafka records numbered from first: record i at RecordTime(first+i).
func Messages(first int, values ...string) []kafka.Message {
	msgs := make([]kafka.Message, len(values))
	for i, v := range values {
		msgs[i] = kafka.Message{Value: []byte(v), Time: RecordTime(first + i)}
	}
	return msgs
}

// Events are the records of the class's runs (Values), record i at RecordTime(i).
func Events() []kafka.Message { return Messages(0, Values()...) }

// Purchase is a row of the purchases table as filtered_writes.py writes it:
// the event's fields and its record time, columns sorted as Row(**kw) sorts them.
type Purchase struct {
	Accept    *string `parquet:"Accept,optional"`
	Host      *string `parquet:"Host,optional"`
	UserAgent *string `parquet:"User-Agent,optional"`
	EventType *string `parquet:"event_type,optional"`
	Timestamp *string `parquet:"timestamp,optional"`
}

// Purchases are the rows of the sword purchases among the class's Events.
func Purchases() []Purchase {
	s := func(v string) *string { return &v }
	var rows []Purchase
	for i, m := range Events() {
		if i/10%2 == 0 {
			continue // the runs against /
		}
		host := "user1.comcast.com"
		if i >= 20 {
			host = "user2.att.com"
		}
		rows = append(rows, Purchase{Accept: s("*/*"), Host: s(host), UserAgent: s("ApacheBench/2.3"),
			EventType: s("purchase_sword"), Timestamp: s(m.Time.UTC().Format(SparkTimeLayout))})
	}
	return rows
}

// PartFile is the name of the one part file WritePurchases writes.
const PartFile = "part-00000-7b6e2e0a-64c2-4c55-9b8a-2f0c2a0b5e11-c000.snappy.parquet"

// WritePurchases writes rows to the directory dir as Spark's overwrite does:
// dir's old files go, then one snappy Parquet part file and _SUCCESS.
func WritePurchases(fsys warehouse.FS, dir string, rows []Purchase) error {
	if err := fsys.RemoveAll(dir); err != nil {
		return fmt.Errorf("write purchases: %w", err)
	}
	if err := fsys.MkdirAll(dir); err != nil {
		return fmt.Errorf("write purchases: %w", err)
	}
	f, err := fsys.Create(path.Join(dir, PartFile))
	if err != nil {
		return fmt.Errorf("write purchases: %w", err)
	}
	bw := bufio.NewWriter(f)
	pw := parquet.NewGenericWriter[Purchase](bw, parquet.Compression(&parquet.Snappy))
	_, err = pw.Write(rows)
	if err == nil {
		err = pw.Close()
	}
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write purchases: %w", err)
	}
	ok, err := fsys.Create(path.Join(dir, "_SUCCESS"))
	if err == nil {
		err = ok.Close()
	}
	if err != nil {
		return fmt.Errorf("write purchases: %w", err)
	}
	return nil
}

// DDL is the class's hand-written table over location, as the class types
// it into the hive CLI. Hive folds its User_Agent to user_agent, which is not
// the Parquet column User-Agent: schema on read, that column reads NULL.
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

// PurchasesTable is the external table over location that write_hive_table.py
// registers: the purchases' columns, all strings, snappy Parquet.
func PurchasesTable(db, name, location string) hms.Table {
	return externalTable(db, name, location, "Accept", "Host", "User-Agent", "event_type", "timestamp")
}

// DDLTable is the table the class's DDL (see DDL) creates, as the metastore
// records it: its columns are the DDL's, User_Agent where the files have User-Agent.
func DDLTable(db, name, location string) hms.Table {
	return externalTable(db, name, location, "Accept", "Host", "User_Agent", "event_type", "timestamp")
}

// externalTable is an external table of string columns over snappy Parquet files at location.
func externalTable(db, name, location string, columns ...string) hms.Table {
	var cols []hms.Column
	for _, c := range columns {
		cols = append(cols, hms.Column{Name: c, Type: "string"})
	}
	return hms.Table{DB: db, Name: name, Location: location, Columns: cols, TableType: hms.ExternalTable,
		Properties: map[string]string{"EXTERNAL": "TRUE", "parquet.compress": "SNAPPY"}}
}
