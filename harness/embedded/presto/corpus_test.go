package presto_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness"
	"github.com/fullstack-lab/fullstack-lab/harness/hms"
	"github.com/fullstack-lab/fullstack-lab/harness/stack"
)

// The differential corpus: testdata/corpus/*.sql hold Presto queries, one a
// line (a line ending in \ goes on with the next); *.golden.jsonl hold the
// answers real PrestoDB 0.287 gave, one a line, recorded with
//
//	LAB_STACK=local go test -run '^TestCorpus$' ./harness/embedded/presto/ -record
//
// (make test-local runs the corpus against real Presto without -record: the
// recorded answers must still be Presto's). On the embedded stack every answer
// must equal the recorded one, or be a refusal in Presto's error form.
var record = flag.Bool("record", false, "TestCorpus: record the answers of the stack (LAB_STACK=local) as the golden files")

var corpusGlob = flag.String("corpus", "*", "TestCorpus: which files of testdata/corpus to run (a glob, without .sql)")

// answer is a query's answer as the protocol carries it: the columns' names
// and types, the rows' JSON, or the error's name and message.
type answer struct {
	SQL     string            `json:"sql"`
	Columns []answerColumn    `json:"columns,omitempty"`
	Rows    []json.RawMessage `json:"rows,omitempty"`
	Error   *answerError      `json:"error,omitempty"`
}

type answerColumn struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

type answerError struct {
	Name    string `json:"name"`
	Message string `json:"message"`
}

func (a answer) String() string {
	b, _ := marshalLine(a)
	return string(b)
}

// refusal: the embedded Presto's "not supported", or a function it does not have.
var reNotRegistered = regexp.MustCompile(`^(line \d+:\d+: )?Function \S+ not registered$`)

func (a answer) refused() bool {
	return a.Error != nil && (a.Error.Name == "NOT_SUPPORTED" || reNotRegistered.MatchString(a.Error.Message))
}

// syntaxRefusal: a syntax error at the place Presto reports one, without
// Presto's list of what it expected there.
func (a answer) syntaxRefusal(want answer) bool {
	return a.Error != nil && want.Error != nil && a.Error.Name == "SYNTAX_ERROR" && want.Error.Name == "SYNTAX_ERROR" &&
		strings.Contains(a.Error.Message, ": mismatched input '") && strings.HasPrefix(want.Error.Message, a.Error.Message+". Expecting: ")
}

func TestCorpus(t *testing.T) {
	if *record && stack.BackendFromEnv() != "local" {
		t.Fatal("-record records real Presto's answers: run it with LAB_STACK=local")
	}
	files, err := filepath.Glob("testdata/corpus/" + *corpusGlob + ".sql")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	s := harness.Start(t)
	names := corpusTables(t, s)

	total, refused := 0, 0
	var refusedSQL, different []string
	for _, file := range files {
		queries := readCorpus(t, file)
		golden := strings.TrimSuffix(file, ".sql") + ".golden.jsonl"
		got := askAll(t, s.Presto, queries, names)
		if *record {
			var b bytes.Buffer
			for _, a := range got {
				line, err := marshalLine(a)
				require.NoError(t, err)
				b.Write(line)
				b.WriteByte('\n')
			}
			require.NoError(t, os.WriteFile(golden, b.Bytes(), 0o644))
			continue
		}
		want := readGolden(t, golden)
		for i, a := range got {
			total++
			w, ok := want[a.SQL]
			if !ok {
				different = append(different, fmt.Sprintf("%s: %q has no recorded answer (record with -record on LAB_STACK=local)", file, queries[i]))
				continue
			}
			if a.String() == w.String() || a.candidatesSorted().String() == w.candidatesSorted().String() {
				continue
			}
			if stack.BackendFromEnv() == "embedded" && (a.refused() || a.syntaxRefusal(w)) {
				refused++
				refusedSQL = append(refusedSQL, a.SQL)
				continue
			}
			different = append(different, fmt.Sprintf("%s:\n  got  %s\n  want %s", file, a, w))
		}
	}
	if *record {
		return
	}
	fmt.Printf("corpus: %d queries, %d answered as Presto 0.287 did, %d refused (%.1f%%), %d different\n",
		total, total-refused-len(different), refused, 100*float64(refused)/float64(max(total, 1)), len(different))
	if testing.Verbose() {
		for _, q := range refusedSQL {
			fmt.Printf("corpus: refused: %s\n", q)
		}
	}
	if len(different) > 0 {
		t.Errorf("%d answers differ from real Presto's:\n%s", len(different), strings.Join(different, "\n"))
	}
}

// readCorpus reads the queries of a corpus file: one a line, # and -- lines are comments.
func readCorpus(t *testing.T, file string) []string {
	t.Helper()
	f, err := os.Open(file)
	require.NoError(t, err)
	defer f.Close()
	var out []string
	var cont strings.Builder
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if cont.Len() == 0 && (strings.TrimSpace(line) == "" || strings.HasPrefix(line, "-- ")) {
			continue
		}
		if strings.HasSuffix(line, `\`) && !strings.HasSuffix(line, `'\'`) {
			cont.WriteString(strings.TrimSuffix(line, `\`) + "\n")
			continue
		}
		cont.WriteString(line)
		out = append(out, cont.String())
		cont.Reset()
	}
	require.NoError(t, sc.Err())
	return out
}

func readGolden(t *testing.T, file string) map[string]answer {
	t.Helper()
	b, err := os.ReadFile(file)
	require.NoError(t, err, "no recorded answers: record them with -record on LAB_STACK=local")
	out := map[string]answer{}
	for _, line := range bytes.Split(bytes.TrimSpace(b), []byte("\n")) {
		var a answer
		require.NoError(t, json.Unmarshal(line, &a), "%s: %s", file, line)
		out[a.SQL] = a
	}
	return out
}

// marshalLine is a's JSON on one line, rows in a canonical form (object keys
// sorted, numbers as written, no HTML escaping).
func marshalLine(a answer) ([]byte, error) {
	for i, r := range a.Rows {
		c, err := canonical(r)
		if err != nil {
			return nil, err
		}
		a.Rows[i] = c
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(a); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

func canonical(raw json.RawMessage) (json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// reExpected: the candidate signatures of Presto's "Unexpected parameters
// (...) for function f. Expected: f(a) , f(b) " error. Presto lists them from
// a hash set: real Presto 0.287 gave `select substr(1, 2)` its candidates in
// different orders on different runs, so they compare as a set.
var reExpected = regexp.MustCompile(`^(.* for function \S+\. Expected: )(.*)$`)

// candidatesSorted is a with the candidates of an "Expected:" list sorted.
func (a answer) candidatesSorted() answer {
	if a.Error == nil {
		return a
	}
	m := reExpected.FindStringSubmatch(a.Error.Message)
	if m == nil {
		return a
	}
	cands := strings.Split(strings.TrimSuffix(m[2], " "), " , ")
	sort.Strings(cands)
	e := *a.Error
	e.Message = m[1] + strings.Join(cands, " , ") + " "
	a.Error = &e
	return a
}

// corpusWorkers: queries asked at once. Each answer stands alone, and real
// Presto spends most of a query's ~0.4 s waiting between its pages, so the
// corpus on the local stack takes a fraction of one-at-a-time.
const corpusWorkers = 8

// askAll asks every query, corpusWorkers at a time; the answers come back in
// the queries' order.
func askAll(t *testing.T, base string, queries []string, names map[string]string) []answer {
	t.Helper()
	got := make([]answer, len(queries))
	errs := make([]error, len(queries))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(corpusWorkers, len(queries)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				got[i], errs[i] = ask(base, queries[i], names)
			}
		}()
	}
	for i := range queries {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, err := range errs {
		require.NoError(t, err, queries[i])
	}
	return got
}

// ask runs sql (its {table} names replaced) through the statement protocol
// and collects the answer, with the tables' names put back.
func ask(base, sql string, names map[string]string) (answer, error) {
	text := sql
	for k, v := range names {
		text = strings.ReplaceAll(text, "{"+k+"}", v)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	a, err := statement(ctx, base, text)
	if err != nil {
		return a, err
	}
	a.SQL = sql
	for k, v := range names {
		if a.Error != nil {
			a.Error.Message = strings.ReplaceAll(a.Error.Message, v, "{"+k+"}")
		}
		for i, r := range a.Rows { // the metadata tables list them
			a.Rows[i] = json.RawMessage(strings.ReplaceAll(string(r), v, "{"+k+"}"))
		}
	}
	return a, nil
}

// statement POSTs sql and follows nextUri to the end.
func statement(ctx context.Context, base, sql string) (answer, error) {
	var a answer
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/v1/statement", strings.NewReader(sql))
	if err != nil {
		return a, err
	}
	req.Header.Set("X-Presto-User", "lab")
	req.Header.Set("X-Presto-Catalog", "hive")
	req.Header.Set("X-Presto-Schema", "default")
	req.Header.Set("X-Presto-Time-Zone", "UTC")
	for {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return a, err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return a, err
		}
		if resp.StatusCode != http.StatusOK {
			return a, fmt.Errorf("%s: %s", resp.Status, body)
		}
		var page struct {
			NextURI string            `json:"nextUri"`
			Columns []answerColumn    `json:"columns"`
			Data    []json.RawMessage `json:"data"`
			Error   *struct {
				ErrorName string `json:"errorName"`
				Message   string `json:"message"`
			} `json:"error"`
		}
		if err := json.Unmarshal(body, &page); err != nil {
			return a, fmt.Errorf("decode %s: %w", body, err)
		}
		if page.Columns != nil {
			a.Columns = page.Columns
		}
		a.Rows = append(a.Rows, page.Data...)
		if page.Error != nil {
			return answer{Error: &answerError{Name: page.Error.ErrorName, Message: page.Error.Message}}, nil
		}
		if page.NextURI == "" {
			return a, nil
		}
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, page.NextURI, nil)
		if err != nil {
			return a, err
		}
	}
}

// typedRow is a row of the corpus's {typed} table.
type typedRow struct {
	ID    int64   `parquet:"id"`
	Name  string  `parquet:"name"`
	Price float64 `parquet:"price"`
	Qty   int32   `parquet:"qty"`
	OK    bool    `parquet:"ok"`
}

// corpusTables writes the corpus's tables into the stack's warehouse and
// metastore; it returns the {name} → table name map.
func corpusTables(t *testing.T, s *harness.Stack) map[string]string {
	t.Helper()
	fsys, err := s.OpenWarehouse()
	require.NoError(t, err)
	t.Cleanup(func() { fsys.Close() })
	c, err := hms.Dial(s.Metastore)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })

	var class []purchase
	for i, h := range []string{"user1.comcast.com", "user2.att.com"} {
		class = append(class, purchases(10, h, t0.Add(time.Duration(i)*time.Second))...)
	}
	typed := []typedRow{
		{1, "sword", 2.5, 3, true}, {2, "shield", 10.25, 1, false}, {3, "straße", 0.1, 7, true},
		{4, "bow", 1e7, 2, false}, {5, "axe", 1.0, 5, true},
	}
	names := map[string]string{}
	put := func(base string, cols []hms.Column, write func(w io.Writer) error) {
		name := s.Name("corpus_" + base)
		dir := s.Path("/tmp/corpus_" + base)
		w, err := fsys.Create(dir + "/part-00000.parquet")
		require.NoError(t, err)
		require.NoError(t, write(w))
		require.NoError(t, w.Close())
		t.Cleanup(func() { fsys.RemoveAll(dir) })
		require.NoError(t, c.CreateTable(hms.Table{DB: "default", Name: name, Location: fsys.URI(dir), Columns: cols}))
		t.Cleanup(func() { c.DropTable("default", name) })
		names[base] = name
	}
	put("purchases", []hms.Column{{Name: "Accept", Type: "string"}, {Name: "Host", Type: "string"},
		{Name: "User_Agent", Type: "string"}, {Name: "event_type", Type: "string"}, {Name: "timestamp", Type: "string"}},
		func(w io.Writer) error { return parquet.Write(w, class) })
	put("typed", []hms.Column{{Name: "id", Type: "bigint"}, {Name: "name", Type: "string"},
		{Name: "price", Type: "double"}, {Name: "qty", Type: "int"}, {Name: "ok", Type: "boolean"}},
		func(w io.Writer) error { return parquet.Write(w, typed) })
	return names
}

func TestMain(m *testing.M) { harness.Main(m) }

// TestCorpusCandidatesAsSet: the two orders real Presto 0.287 gave for
// `select substr(1, 2)` compare equal; a different list does not.
func TestCorpusCandidatesAsSet(t *testing.T) {
	msg := func(list string) answer {
		return answer{SQL: "select substr(1, 2)", Error: &answerError{Name: "SYNTAX_ERROR",
			Message: "line 1:8: Unexpected parameters (integer, integer) for function substr. Expected: " + list + " "}}
	}
	a := msg("substr(varchar(x), bigint, bigint) , substr(varchar(x), bigint)")
	b := msg("substr(varchar(x), bigint) , substr(varchar(x), bigint, bigint)")
	c := msg("substr(varchar(x), bigint) , substr(char(x), bigint, bigint)")
	require.NotEqual(t, a.String(), b.String())
	require.Equal(t, a.candidatesSorted().String(), b.candidatesSorted().String())
	require.NotEqual(t, a.candidatesSorted().String(), c.candidatesSorted().String())
}
