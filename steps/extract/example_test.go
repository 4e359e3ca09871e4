package extract_test

import (
	"fmt"
	"os"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/fullstack-lab/fullstack-lab/steps/extract"
)

func ExampleParse() {
	_, err := extract.Parse(kafka.Message{Value: []byte(`{"Host": "user1.comcast.com"}`), Offset: 3})
	fmt.Println(err)
	e, _ := extract.Parse(kafka.Message{Value: []byte(`{"event_type": "purchase_sword", "Host": "user1.comcast.com"}`)})
	fmt.Println(e.EventType, extract.IsSwordPurchase(e))
	// Output:
	// record 0@3: missing event_type
	// purchase_sword true
}

func ExampleSparkTimestamp() {
	t := time.Date(2018, 4, 4, 22, 36, 13, 120_000_000, time.UTC)
	fmt.Println(extract.SparkTimestamp(t))
	// Output: 2018-04-04 22:36:13.12
}

// The class's inferred shape: Row(timestamp=..., **json.loads(raw)).toDF(),
// then printSchema() and show().
func ExampleInferred() {
	var events []extract.Event
	for i, host := range []string{"user1.comcast.com", "user2.att.com"} {
		raw := fmt.Sprintf(`{"event_type": "purchase_sword", "Host": %q, "User-Agent": "ApacheBench/2.3", "Accept": "*/*"}`, host)
		e, _ := extract.Parse(kafka.Message{Value: []byte(raw), Time: time.Date(2018, 4, 4, 22, 36, 13, (124+i)*1e6, time.UTC)})
		events = append(events, e)
	}
	t, _ := extract.Inferred(events)
	extract.PrintSchema(os.Stdout, t.Schema)
	extract.Show(os.Stdout, t, extract.DefaultShowRows, extract.DefaultTruncate)
	// Output:
	// root
	//  |-- Accept: string (nullable = true)
	//  |-- Host: string (nullable = true)
	//  |-- User-Agent: string (nullable = true)
	//  |-- event_type: string (nullable = true)
	//  |-- timestamp: string (nullable = true)
	//
	// +------+-----------------+---------------+--------------+--------------------+
	// |Accept|             Host|     User-Agent|    event_type|           timestamp|
	// +------+-----------------+---------------+--------------+--------------------+
	// |   */*|user1.comcast.com|ApacheBench/2.3|purchase_sword|2018-04-04 22:36:...|
	// |   */*|    user2.att.com|ApacheBench/2.3|purchase_sword|2018-04-04 22:36:...|
	// +------+-----------------+---------------+--------------+--------------------+
}
