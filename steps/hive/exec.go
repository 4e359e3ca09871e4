package hive

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness/hms"
	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
)

// Session runs statements as the hive CLI does, against one metastore.
type Session struct {
	Metastore *hms.Client
	// FS resolves LOCATION paths: '/tmp/purchases' becomes FS.URI("/tmp/purchases")
	// (hdfs://namenode:port/tmp/purchases, or the embedded warehouse's file:// URI).
	FS warehouse.FS
	// DB is the current database (default "default"); USE changes it.
	DB string
}

// Result is what a statement answered: lines of tab-separated fields, as the hive CLI prints them.
type Result struct {
	Rows [][]string
}

func (s *Session) db(db string) string {
	switch {
	case db != "":
		return db
	case s.DB != "":
		return s.DB
	}
	return hms.DefaultDatabase
}

// Exec runs one parsed statement.
func (s *Session) Exec(st Statement) (Result, error) {
	if s.Metastore == nil {
		return Result{}, ErrNoMetastore
	}
	switch st := st.(type) {
	case CreateDatabase:
		d := hms.Database{Name: st.Name, Description: st.Comment}
		if st.Location != "" {
			d.Location = s.location(st.Location)
		}
		err := s.Metastore.CreateDatabase(d)
		if st.IfNotExists && errors.Is(err, hms.ErrAlreadyExists) {
			err = nil
		}
		return Result{}, err
	case CreateTable:
		return Result{}, s.createTable(st)
	case DropTable:
		err := s.Metastore.DropTable(s.db(st.DB), st.Name)
		if st.IfExists && errors.Is(err, hms.ErrNotFound) {
			err = nil
		}
		return Result{}, err
	case ShowDatabases:
		dbs, err := s.Metastore.Databases()
		sort.Strings(dbs)
		return lines(dbs), err
	case ShowTables:
		ts, err := s.Metastore.Tables(s.db(st.DB))
		sort.Strings(ts)
		return lines(ts), err
	case Describe:
		t, err := s.Metastore.Table(s.db(st.DB), st.Name)
		if err != nil {
			return Result{}, err
		}
		return describe(t, st.Formatted), nil
	case Use:
		if _, err := s.Metastore.Database(st.DB); err != nil {
			return Result{}, err
		}
		s.DB = st.DB
		return Result{}, nil
	}
	return Result{}, fmt.Errorf("hive: statement %T not supported", st)
}

// location resolves a LOCATION against the warehouse: a full URI is kept.
func (s *Session) location(loc string) string {
	if strings.Contains(loc, "://") || s.FS == nil || !strings.HasPrefix(loc, "/") {
		return loc
	}
	return s.FS.URI(strings.TrimRight(loc, "/"))
}

func (s *Session) createTable(st CreateTable) error {
	if st.Location == "" {
		return errors.New("hive: an external table needs a LOCATION (the directory of its Parquet files)")
	}
	props := map[string]string{}
	for k, v := range st.Properties {
		props[k] = v
	}
	t := hms.Table{
		DB: s.db(st.DB), Name: st.Name, Location: s.location(st.Location),
		Columns: st.Columns, PartitionKeys: st.Partitions, Properties: props,
		TableType: hms.ManagedTable,
	}
	if st.External {
		t.TableType = hms.ExternalTable
		props["EXTERNAL"] = "TRUE"
	}
	if st.Comment != "" {
		props["comment"] = st.Comment
	}
	err := s.Metastore.CreateTable(t)
	if st.IfNotExists && errors.Is(err, hms.ErrAlreadyExists) {
		return nil
	}
	return err
}

func lines(ss []string) Result {
	r := Result{}
	for _, s := range ss {
		r.Rows = append(r.Rows, []string{s})
	}
	return r
}

// describe is DESCRIBE's answer: name, type, comment; FORMATTED adds the table's details.
func describe(t hms.Table, formatted bool) Result {
	var r Result
	if formatted {
		r.Rows = append(r.Rows, []string{"# col_name", "data_type", "comment"})
	}
	for _, c := range t.Columns {
		r.Rows = append(r.Rows, []string{c.Name, c.Type, c.Comment})
	}
	if len(t.PartitionKeys) > 0 {
		for _, c := range t.PartitionKeys {
			r.Rows = append(r.Rows, []string{c.Name, c.Type, c.Comment})
		}
		r.Rows = append(r.Rows, []string{"", "", ""}, []string{"# Partition Information", "", ""}, []string{"# col_name", "data_type", "comment"})
		for _, c := range t.PartitionKeys {
			r.Rows = append(r.Rows, []string{c.Name, c.Type, c.Comment})
		}
	}
	if !formatted {
		return r
	}
	r.Rows = append(r.Rows, []string{"", "", ""}, []string{"# Detailed Table Information", "", ""},
		[]string{"Database:", t.DB, ""},
		[]string{"OwnerType:", "USER", ""},
		[]string{"Owner:", t.Owner, ""},
		[]string{"Location:", t.Location, ""},
		[]string{"Table Type:", t.TableType, ""},
		[]string{"Table Parameters:", "", ""})
	keys := make([]string, 0, len(t.Properties))
	for k := range t.Properties {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		r.Rows = append(r.Rows, []string{"", k, t.Properties[k]})
	}
	r.Rows = append(r.Rows, []string{"", "", ""}, []string{"# Storage Information", "", ""},
		[]string{"SerDe Library:", t.SerDe, ""},
		[]string{"InputFormat:", t.InputFormat, ""},
		[]string{"OutputFormat:", t.OutputFormat, ""})
	return r
}

// Run runs a script's statements in order and prints what the hive CLI
// prints: OK, the result lines, and the time taken. It stops at the first
// failing statement with "FAILED: ..." and returns its error.
func (s *Session) Run(script string, out io.Writer) error {
	for _, src := range Split(script) {
		start := time.Now()
		st, err := parseAt(src)
		if err != nil {
			fmt.Fprintf(out, "FAILED: %v\n", err)
			return err
		}
		res, err := s.Exec(st)
		if err != nil {
			fmt.Fprintf(out, "FAILED: Execution Error: %v\n", err)
			return err
		}
		fmt.Fprintln(out, "OK")
		for _, row := range res.Rows {
			fmt.Fprintln(out, formatRow(row))
		}
		elapsed := time.Since(start).Seconds()
		if len(res.Rows) > 0 {
			fmt.Fprintf(out, "Time taken: %.3f seconds, Fetched: %d row(s)\n", elapsed, len(res.Rows))
		} else {
			fmt.Fprintf(out, "Time taken: %.3f seconds\n", elapsed)
		}
	}
	return nil
}

// formatRow pads the fields as the hive CLI does for DESCRIBE (columns of 20).
func formatRow(row []string) string {
	if len(row) == 1 {
		return row[0]
	}
	var b strings.Builder
	for i, f := range row {
		if i < len(row)-1 {
			fmt.Fprintf(&b, "%-20s\t", f)
		} else {
			b.WriteString(f)
		}
	}
	return strings.TrimRight(b.String(), " \t")
}
