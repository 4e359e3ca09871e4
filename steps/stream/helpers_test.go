package stream_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/segmentio/kafka-go"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
	"github.com/fullstack-lab/fullstack-lab/steps/stream"
)

func TestMain(m *testing.M) { harness.Main(m) }

// trigger is the tests' trigger interval.
const trigger = 150 * time.Millisecond

// openFS opens the stack's warehouse.
func openFS(t testing.TB, s *harness.Stack) warehouse.FS {
	t.Helper()
	fsys, err := s.OpenWarehouse()
	require.NoError(t, err)
	t.Cleanup(func() { fsys.Close() })
	return fsys
}

// event is what the game API logs for a request of ab with Host host.
func event(eventType, host string) string {
	return fmt.Sprintf(`{"event_type": %q, "Host": %q, "User-Agent": "ApacheBench/2.3", "Accept": "*/*"}`, eventType, host)
}

// record is a Kafka record as the test reads it back itself.
type record struct {
	value string
	time  time.Time
}

// readTopic returns every record of topic and its latest offsets, read
// with kafka-go directly (not with the stream's code).
func readTopic(t testing.TB, s *harness.Stack, topic string) ([]record, stream.Offsets) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := kafka.DialContext(ctx, "tcp", s.Kafka[0])
	require.NoError(t, err)
	parts, err := conn.ReadPartitions(topic)
	conn.Close()
	require.NoError(t, err)
	var out []record
	latest := stream.Offsets{}
	for _, p := range parts {
		pc, err := kafka.DialLeader(ctx, "tcp", net.JoinHostPort(p.Leader.Host, strconv.Itoa(p.Leader.Port)), topic, p.ID)
		require.NoError(t, err)
		first, last, err := pc.ReadOffsets()
		require.NoError(t, err)
		latest[p.ID] = last
		_, err = pc.Seek(first, kafka.SeekAbsolute)
		require.NoError(t, err)
		for next := first; next < last; {
			pc.SetReadDeadline(time.Now().Add(10 * time.Second))
			m, err := pc.ReadMessage(1 << 20)
			require.NoError(t, err, "read %s[%d] at %d", topic, p.ID, next)
			out = append(out, record{value: string(m.Value), time: m.Time})
			next = m.Offset + 1
		}
		pc.Close()
	}
	return out, latest
}

// row is a row of the stream's files, as parquet-go reads it back.
type row struct {
	RawEvent  *string `parquet:"raw_event,optional"`
	Timestamp *string `parquet:"timestamp,optional"`
	Accept    *string `parquet:"Accept,optional"`
	Host      *string `parquet:"Host,optional"`
	UserAgent *string `parquet:"User-Agent,optional"`
	EventType *string `parquet:"event_type,optional"`
}

func (r row) String() string {
	s := func(p *string) string {
		if p == nil {
			return "null"
		}
		return *p
	}
	return strings.Join([]string{s(r.RawEvent), s(r.Timestamp), s(r.Accept), s(r.Host), s(r.UserAgent), s(r.EventType)}, " | ")
}

var fileName = regexp.MustCompile(`^part-00000-[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}-c000\.snappy\.parquet$`)

// readDir reads every row of the directory's files, checking the directory
// holds only finished part files, and returns the rows and the file names.
func readDir(t testing.TB, fsys warehouse.FS, dir string) ([]row, []string) {
	t.Helper()
	infos, err := fsys.ReadDir(dir)
	require.NoError(t, err)
	var rows []row
	var names []string
	for _, fi := range infos {
		require.Regexp(t, fileName, fi.Name(), "entry of %s", dir)
		names = append(names, fi.Name())
		f, err := fsys.Open(dir + "/" + fi.Name())
		require.NoError(t, err)
		rs, err := parquet.Read[row](f, f.Size())
		f.Close()
		require.NoError(t, err, "read %s", fi.Name())
		require.NotEmpty(t, rs, "%s: an empty batch writes no file", fi.Name())
		rows = append(rows, rs...)
	}
	return rows, names
}

// expectedRows are the rows the purchases among recs must give, sorted.
func expectedRows(t testing.TB, recs []record) []string {
	t.Helper()
	var out []string
	for _, r := range recs {
		var ev map[string]any
		if json.Unmarshal([]byte(r.value), &ev) != nil || ev["event_type"] != "purchase_sword" {
			continue
		}
		str := func(k string) *string {
			if v, ok := ev[k].(string); ok {
				return &v
			}
			return nil
		}
		sec, frac, _ := strings.Cut(r.time.UTC().Format("2006-01-02 15:04:05.000"), ".")
		ts := sec
		if frac = strings.TrimRight(frac, "0"); frac != "" {
			ts += "." + frac
		}
		raw := r.value
		out = append(out, row{&raw, &ts, str("Accept"), str("Host"), str("User-Agent"), str("event_type")}.String())
	}
	sort.Strings(out)
	return out
}

func rowStrings(rows []row) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.String()
	}
	sort.Strings(out)
	return out
}

// traffic is what the class's loop of ab runs against the game API logs,
// written straight to Kafka (the stream step is graded without the serve and
// bench steps): runs of 10 events, each run with a Host of its own, and a
// malformed record every few runs.
type traffic struct {
	stop chan struct{}
	done chan struct{}
	mu   sync.Mutex
	// purchases counts the purchases Kafka took, per Host.
	purchases map[string]int
	malformed int
	runs      int
	err       error
}

func startTraffic(t testing.TB, s *harness.Stack, topic string) *traffic {
	tr := &traffic{stop: make(chan struct{}), done: make(chan struct{}), purchases: map[string]int{}}
	s.CreateTopic(t, topic)
	w := &kafka.Writer{Addr: kafka.TCP(s.Kafka...), Topic: topic, RequiredAcks: kafka.RequireAll, BatchTimeout: time.Millisecond}
	go func() {
		defer w.Close()
		defer close(tr.done)
		for i := 0; ; i++ {
			select {
			case <-tr.stop:
				return
			default:
			}
			host := fmt.Sprintf("user%d.comcast.com", i)
			eventType := "purchase_sword"
			if i%3 == 2 {
				eventType = "default"
			}
			msgs := make([]kafka.Message, 10)
			for j := range msgs {
				msgs[j] = kafka.Message{Value: []byte(event(eventType, host))}
			}
			err := w.WriteMessages(context.Background(), msgs...)
			tr.mu.Lock()
			tr.runs++
			if err != nil {
				tr.err = err
			} else if eventType != "default" {
				tr.purchases[host] += len(msgs)
			}
			tr.mu.Unlock()
			if i%4 == 3 {
				err := w.WriteMessages(context.Background(), kafka.Message{Value: []byte(`{"event_type": "purchase_sword", "Host": broken`)})
				tr.mu.Lock()
				if err != nil {
					tr.err = err
				} else {
					tr.malformed++
				}
				tr.mu.Unlock()
			}
			time.Sleep(20 * time.Millisecond) // pace: a loop of ab runs, not a flood
		}
	}()
	t.Cleanup(tr.halt)
	return tr
}

// result returns the purchases per Host, the malformed records sent, and the runs.
func (tr *traffic) result(t testing.TB) (map[string]int, int, int) {
	t.Helper()
	tr.mu.Lock()
	defer tr.mu.Unlock()
	require.NoError(t, tr.err, "traffic")
	return tr.purchases, tr.malformed, tr.runs
}

// halt stops the traffic and waits for the run in flight.
func (tr *traffic) halt() {
	select {
	case <-tr.stop:
	default:
		close(tr.stop)
	}
	<-tr.done
}

// waitCaughtUp polls the checkpoint until the query has committed every
// record of the topic.
func waitCaughtUp(t testing.TB, s *harness.Stack, fsys warehouse.FS, checkpoint, topic string, within time.Duration) stream.State {
	t.Helper()
	_, latest := readTopic(t, s, topic)
	var st stream.State
	var err error
	for deadline := time.Now().Add(within); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		st, err = stream.ReadCheckpoint(fsys, checkpoint)
		if err == nil && !st.Pending && st.End.Equal(latest) {
			return st
		}
	}
	t.Fatalf("query of %s did not catch up with %s within %s: checkpoint %+v (err %v)", checkpoint, latest, within, st, err)
	return st
}
