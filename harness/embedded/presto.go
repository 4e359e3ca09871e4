package embedded

import "context"

// startPresto starts the in-process Presto endpoint (not yet built).
func startPresto(ctx context.Context, s *Stack, dir string, progress func(string, ...any)) error {
	return nil
}
