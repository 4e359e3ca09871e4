package stream_test

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/segmentio/kafka-go"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/classdata"
	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
	"github.com/fullstack-lab/fullstack-lab/steps/stream"
)

func TestMain(m *testing.M) { harness.Main(m) }

// trigger is the tests' trigger interval.
const trigger = 150 * time.Millisecond

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
func expectedRows(t testing.TB, recs []kafka.Message) []string {
	t.Helper()
	var out []string
	for _, r := range recs {
		var ev map[string]any
		if json.Unmarshal(r.Value, &ev) != nil || ev["event_type"] != "purchase_sword" {
			continue
		}
		str := func(k string) *string {
			if v, ok := ev[k].(string); ok {
				return &v
			}
			return nil
		}
		sec, frac, _ := strings.Cut(r.Time.UTC().Format("2006-01-02 15:04:05.000"), ".")
		ts := sec
		if frac = strings.TrimRight(frac, "0"); frac != "" {
			ts += "." + frac
		}
		raw := string(r.Value)
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
	w := s.KafkaWriter(t, topic)
	go func() {
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
				msgs[j] = kafka.Message{Value: []byte(classdata.Event(eventType, host))}
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

// waitCaughtUp waits until the query has committed every record of the topic.
func waitCaughtUp(t testing.TB, s *harness.Stack, fsys warehouse.FS, checkpoint, topic string, within time.Duration) stream.State {
	t.Helper()
	latest := stream.Offsets(s.EndOffsets(t, topic))
	var st stream.State
	var err error
	require.Eventually(t, func() bool {
		st, err = stream.ReadCheckpoint(fsys, checkpoint)
		return err == nil && !st.Pending && st.End.Equal(latest)
	}, within, 50*time.Millisecond, "query of %s catches up with %s", checkpoint, latest)
	return st
}
