package presto

import (
	"context"
	"errors"
	"fmt"

	"github.com/fullstack-lab/fullstack-lab/harness/hms"
)

// HMSCatalog is a Catalog over a Hive Metastore's Thrift API.
type HMSCatalog struct {
	Client *hms.Client
}

// DialMetastore connects to the Hive Metastore at addr (host:port).
func DialMetastore(addr string) (*HMSCatalog, error) {
	c, err := hms.Dial(addr)
	if err != nil {
		return nil, err
	}
	return &HMSCatalog{Client: c}, nil
}

// Close closes the metastore connection.
func (h *HMSCatalog) Close() error { return h.Client.Close() }

// Databases implements Catalog.
func (h *HMSCatalog) Databases(context.Context) ([]string, error) { return h.Client.Databases() }

// Tables implements Catalog.
func (h *HMSCatalog) Tables(_ context.Context, db string) ([]string, error) {
	ts, err := h.Client.Tables(db)
	if errors.Is(err, hms.ErrNotFound) {
		return nil, fmt.Errorf("%w: %w", ErrNoSuchSchema, err)
	}
	return ts, err
}

// Table implements Catalog.
func (h *HMSCatalog) Table(_ context.Context, db, name string) (Table, error) {
	t, err := h.Client.Table(db, name)
	if errors.Is(err, hms.ErrNotFound) {
		return Table{}, fmt.Errorf("%w: %w", ErrNoSuchTable, err)
	}
	if err != nil {
		return Table{}, err
	}
	return Table{DB: t.DB, Name: t.Name, Location: t.Location,
		Columns: columns(t.Columns), PartitionKeys: columns(t.PartitionKeys)}, nil
}

func columns(cs []hms.Column) []Column {
	out := make([]Column, len(cs))
	for i, c := range cs {
		out[i] = Column{Name: c.Name, Type: c.Type, Comment: c.Comment}
	}
	return out
}
