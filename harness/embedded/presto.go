package embedded

import (
	"context"
	"strings"

	"github.com/fullstack-lab/fullstack-lab/harness/embedded/presto"
	"github.com/fullstack-lab/fullstack-lab/harness/stack"
)

// startPresto starts the in-process Presto coordinator: Presto's client REST
// protocol, SQL run by DuckDB over the Parquet files of the metastore's tables.
func startPresto(ctx context.Context, s *Stack, dir string, progress func(string, ...any)) error {
	cat, err := presto.DialMetastore(s.endpoints.Metastore)
	if err != nil {
		return err
	}
	srv, err := presto.Start(cat, presto.WithAddr(s.ports.addr("presto")), presto.WithWarehouse(s.WarehouseDir),
		presto.WithLog(lineWriter(progress)))
	if err != nil {
		cat.Close()
		return err
	}
	s.Presto = srv
	s.closers = append(s.closers, func() error {
		err := srv.Close()
		cat.Close()
		return err
	})
	s.endpoints.Presto = srv.URL()
	s.endpoints.Services = append(s.endpoints.Services, stack.Service{Name: "presto", Addr: srv.URL()})
	progress("presto     %s (in-process, DuckDB)", srv.URL())
	return nil
}

// lineWriter turns a progress function into the writer of a logger: one
// call per line written.
type lineWriter func(string, ...any)

func (w lineWriter) Write(p []byte) (int, error) {
	w("%s", strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
