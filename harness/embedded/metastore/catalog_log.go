package metastore

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"strconv"

	"github.com/beltran/gohive/hive_metastore"
)

// LogFile is the file, in the server's directory, that the catalog's changes
// since its snapshot (CatalogFile) are appended to.
const LogFile = "catalog.log"

// The log is one line per statement:
//
//	{"seq":7,"changes":[{"op":"put_table","table":{...}}]}<TAB><crc32 of the JSON, 8 hex digits>
//
// A statement's changes are one record, so a statement is kept whole or not
// at all. A record is written with one write and synced before the statement
// is answered. At open, the records after the snapshot's Seq are applied in
// order; a last record that is incomplete or fails its checksum (a write cut
// short by a crash or a power loss) is dropped and cut off the file. A bad
// record followed by good ones is not a torn tail: the catalog is refused,
// with the record's offset, rather than loaded without the changes after it.

// logRecord is one statement's changes.
type logRecord struct {
	Seq     uint64   `json:"seq"`
	Changes []change `json:"changes"`
}

// change is one change to the catalog: a database or a table put (created
// or replaced) or dropped. Applying it does not depend on what it replaces.
type change struct {
	Op       string                   `json:"op"`
	Database *hive_metastore.Database `json:"database,omitempty"`
	Table    *hive_metastore.Table    `json:"table,omitempty"`
	DB       string                   `json:"db,omitempty"`
	Name     string                   `json:"name,omitempty"`
}

const (
	opPutDatabase  = "put_database"
	opDropDatabase = "drop_database" // with its tables
	opPutTable     = "put_table"
	opDropTable    = "drop_table"
)

func (ch change) apply(c *catalog) {
	switch ch.Op {
	case opPutDatabase:
		c.Databases[ch.Database.Name] = ch.Database
		if c.Tables[ch.Database.Name] == nil {
			c.Tables[ch.Database.Name] = map[string]*hive_metastore.Table{}
		}
	case opDropDatabase:
		delete(c.Databases, ch.DB)
		delete(c.Tables, ch.DB)
	case opPutTable:
		if c.Tables[ch.Table.DbName] == nil {
			c.Tables[ch.Table.DbName] = map[string]*hive_metastore.Table{}
		}
		c.Tables[ch.Table.DbName][ch.Table.TableName] = ch.Table
	case opDropTable:
		delete(c.Tables[ch.DB], ch.Name)
	}
}

// valid reports whether ch can be applied (a record that decodes but makes no sense is corrupt).
func (ch change) valid() bool {
	switch ch.Op {
	case opPutDatabase:
		return ch.Database != nil
	case opPutTable:
		return ch.Table != nil
	case opDropDatabase, opDropTable:
		return ch.DB != ""
	}
	return false
}

// tx is one statement: it reads the catalog as it is and records its
// changes, which the store logs and then applies.
type tx struct {
	*catalog
	changes []change
}

func (t *tx) putDatabase(d *hive_metastore.Database) {
	t.changes = append(t.changes, change{Op: opPutDatabase, Database: d})
}

func (t *tx) dropDatabase(name string) {
	t.changes = append(t.changes, change{Op: opDropDatabase, DB: name})
}

func (t *tx) putTable(tb *hive_metastore.Table) {
	t.changes = append(t.changes, change{Op: opPutTable, Table: tb})
}

func (t *tx) dropTable(db, name string) {
	t.changes = append(t.changes, change{Op: opDropTable, DB: db, Name: name})
}

// catalogLog is the open log file.
type catalogLog struct {
	f    *os.File
	path string
	// size is the length of the log's whole records: the file's length
	// except while a record is appended.
	size int64
	// snapshotSize is the size of the last snapshot (compaction's threshold).
	snapshotSize int64
	// dropped is the length of the torn tail cut off at open, if any.
	dropped int64
}

// errLogBroken is returned when a failed append could not be taken back.
var errLogBroken = errors.New("the change log could not be put back after a failed write")

// openCatalogLog opens the log at path and passes each record after seq to
// apply, in order.
func openCatalogLog(path string, seq uint64, apply func(logRecord)) (*catalogLog, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open metastore log: %w", err)
	}
	l := &catalogLog{f: f, path: path}
	if err := l.load(seq, apply); err != nil {
		f.Close()
		return nil, err
	}
	return l, nil
}

func (l *catalogLog) load(seq uint64, apply func(logRecord)) error {
	data, err := os.ReadFile(l.path)
	if err != nil {
		return fmt.Errorf("read metastore log: %w", err)
	}
	var pos int
	for pos < len(data) {
		end := bytes.IndexByte(data[pos:], '\n')
		if end < 0 {
			break // the last record, cut short
		}
		r, err := decodeRecord(data[pos : pos+end])
		if err != nil {
			if errors.Is(err, errTorn) && pos+end+1 == len(data) {
				break // the last record, damaged
			}
			return fmt.Errorf("metastore log %s: the record at byte %d is damaged (%v) and records follow it: the catalog cannot be read back whole", l.path, pos, err)
		}
		switch {
		case r.Seq <= seq:
			// In the snapshot already (a compaction stopped before it emptied the log).
		case r.Seq == seq+1:
			apply(r)
			seq = r.Seq
		default:
			return fmt.Errorf("metastore log %s: the record at byte %d is change %d, expected %d", l.path, pos, r.Seq, seq+1)
		}
		pos += end + 1
	}
	if pos < len(data) {
		l.dropped = int64(len(data) - pos)
		if err := l.f.Truncate(int64(pos)); err != nil {
			return fmt.Errorf("metastore log %s: cut its torn tail: %w", l.path, err)
		}
		if err := l.f.Sync(); err != nil {
			return fmt.Errorf("metastore log %s: %w", l.path, err)
		}
	}
	l.size = int64(pos)
	return nil
}

// errTorn is a record whose checksum does not match: written in part.
var errTorn = errors.New("checksum mismatch")

// decodeRecord reads one line of the log; errTorn if it was not written whole.
func decodeRecord(line []byte) (logRecord, error) {
	var r logRecord
	tab := bytes.LastIndexByte(line, '\t')
	if tab < 0 || len(line)-tab-1 != 8 {
		return r, errTorn
	}
	sum, err := strconv.ParseUint(string(line[tab+1:]), 16, 32)
	if err != nil || crc32.ChecksumIEEE(line[:tab]) != uint32(sum) {
		return r, errTorn
	}
	return parseRecord(line[:tab])
}

// parseRecord decodes a record's JSON.
func parseRecord(b []byte) (logRecord, error) {
	var r logRecord
	if err := json.Unmarshal(b, &r); err != nil {
		return r, err
	}
	for _, ch := range r.Changes {
		if !ch.valid() {
			return r, fmt.Errorf("bad change %q", ch.Op)
		}
	}
	return r, nil
}

// encodeRecord is r's line. A record that would not read back (a value
// encoding/json writes but cannot read, such as an enum out of range) is an
// error: it is refused rather than logged.
func encodeRecord(r logRecord) ([]byte, error) {
	b, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	if _, err := parseRecord(b); err != nil {
		return nil, fmt.Errorf("the change would not read back: %w", err)
	}
	return fmt.Appendf(b, "\t%08x\n", crc32.ChecksumIEEE(b)), nil
}

// append writes r and syncs it. On failure the file is cut back to its
// whole records (errLogBroken if that fails too).
func (l *catalogLog) append(r logRecord) error {
	line, err := encodeRecord(r)
	if err != nil {
		return fmt.Errorf("encode metastore change: %w", err)
	}
	_, err = l.f.Write(line)
	if err == nil {
		err = l.f.Sync()
	}
	if err != nil {
		if terr := l.f.Truncate(l.size); terr != nil {
			return fmt.Errorf("write metastore log: %w (%w: %v)", err, errLogBroken, terr)
		}
		return fmt.Errorf("write metastore log: %w", err)
	}
	l.size += int64(len(line))
	return nil
}

// reset empties the log (its records are in a snapshot).
func (l *catalogLog) reset() error {
	if err := l.f.Truncate(0); err != nil {
		return fmt.Errorf("empty metastore log: %w", err)
	}
	l.size = 0
	if err := l.f.Sync(); err != nil {
		return fmt.Errorf("empty metastore log: %w", err)
	}
	return nil
}

func (l *catalogLog) close() error { return l.f.Close() }
