package embedded

import "context"

// startMetastore starts the in-process Hive Metastore (not yet built).
func startMetastore(ctx context.Context, s *Stack, dir string, progress func(string, ...any)) error {
	return nil
}
