package harness

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"testing"
	"time"

	_ "github.com/prestodb/presto-go-client/v2" // the "presto" database/sql driver
	"github.com/segmentio/kafka-go"

	"github.com/fullstack-lab/fullstack-lab/harness/hms"
	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
)

// Ready clients of the stack's services, made with the real clients of each
// protocol (kafka-go, colinmarc/hdfs, the metastore's Thrift, Presto's
// presto-go-client) and closed when the test ends: a test checks what a step
// did without the code of another step.

// KafkaWriter returns a writer to topic, created first (see CreateTopic),
// that waits for every replica and sends each batch at once. It is closed
// when the test ends.
func (s *Stack) KafkaWriter(t testing.TB, topic string) *kafka.Writer {
	t.Helper()
	s.CreateTopic(t, topic)
	w := &kafka.Writer{Addr: kafka.TCP(s.Kafka...), Topic: topic, RequiredAcks: kafka.RequireAll, BatchTimeout: time.Millisecond}
	t.Cleanup(func() { w.Close() })
	return w
}

// KafkaReader returns a reader of topic's partition 0 from its first
// record, closed when the test ends.
func (s *Stack) KafkaReader(t testing.TB, topic string) *kafka.Reader {
	t.Helper()
	r := kafka.NewReader(kafka.ReaderConfig{Brokers: s.Kafka, Topic: topic, StartOffset: kafka.FirstOffset, MaxWait: 100 * time.Millisecond})
	t.Cleanup(func() { r.Close() })
	return r
}

// WarehouseFS returns the stack's warehouse (see stack.Endpoints.OpenWarehouse), closed when the test ends.
func (s *Stack) WarehouseFS(t testing.TB) warehouse.FS {
	t.Helper()
	fsys, err := s.OpenWarehouse()
	if err != nil {
		t.Fatalf("open the warehouse: %v", err)
	}
	t.Cleanup(func() { fsys.Close() })
	return fsys
}

// MetastoreClient returns a client of the stack's Hive Metastore, closed
// when the test ends. It skips the test when the stack has no metastore (an
// external stack may not).
func (s *Stack) MetastoreClient(t testing.TB) *hms.Client {
	t.Helper()
	if s.Metastore == "" {
		t.Skipf("the %s stack has no Hive Metastore", s.Backend)
	}
	c, err := hms.Dial(s.Metastore)
	if err != nil {
		t.Fatalf("dial the metastore: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// PrestoDB returns a database/sql handle on the stack's Presto (catalog
// hive, schema default, user lab), through presto-go-client; closed when
// the test ends. It skips the test when the stack has no Presto.
func (s *Stack) PrestoDB(t testing.TB) *sql.DB {
	t.Helper()
	if s.Presto == "" {
		t.Skipf("the %s stack has no Presto", s.Backend)
	}
	u, err := url.Parse(s.Presto)
	if err != nil || u.Host == "" {
		t.Fatalf("presto: the stack's URL %q is not http://host:port", s.Presto)
	}
	db, err := sql.Open("presto", "presto://lab@"+u.Host+"/hive/default")
	if err != nil {
		t.Fatalf("presto: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Query runs query on the stack's Presto (see PrestoDB) and returns its
// rows, each value as fmt.Sprint prints it and NULL for null. It fails t if
// the query fails or takes more than a minute.
func (s *Stack) Query(t testing.TB, query string) [][]string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	rows, err := s.PrestoDB(t).QueryContext(ctx, query)
	if err != nil {
		t.Fatalf("presto: %s: %v", query, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatalf("presto: %s: %v", query, err)
	}
	var out [][]string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatalf("presto: %s: %v", query, err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = "NULL"
			if v != nil {
				row[i] = fmt.Sprint(v)
			}
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("presto: %s: %v", query, err)
	}
	return out
}
