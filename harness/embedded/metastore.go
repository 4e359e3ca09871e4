package embedded

import (
	"context"
	"path/filepath"

	"github.com/fullstack-lab/fullstack-lab/harness/embedded/metastore"
	"github.com/fullstack-lab/fullstack-lab/harness/stack"
)

// startMetastore starts the in-process Hive Metastore; its catalog lives in
// dir/metastore, so a restarted stack keeps its databases and tables.
func startMetastore(ctx context.Context, s *Stack, dir string, progress func(string, ...any)) error {
	ms, err := metastore.Start(filepath.Join(dir, "metastore"), metastore.WithWarehouse(s.endpoints.Warehouse),
		metastore.WithLocationAlias(SparkFS, s.endpoints.Warehouse+"/"), metastore.WithAddr(s.ports.addr("metastore")))
	if err != nil {
		return err
	}
	s.Metastore = ms
	s.closers = append(s.closers, ms.Close)
	s.endpoints.Metastore = ms.Addr()
	s.endpoints.Services = append(s.endpoints.Services, stack.Service{Name: "metastore", Addr: ms.Addr()})
	progress("metastore  %s (in-process Thrift)", ms.Addr())
	return nil
}
