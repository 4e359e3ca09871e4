package embedded

import (
	"fmt"

	"github.com/fullstack-lab/fullstack-lab/harness/warehouse"
)

// recoverWarehouse resolves, before anything reads or writes the warehouse,
// what writes killed while they replaced a directory left in it
// (warehouse.RecoverAll): each path holds its old data or its new, whole,
// and no hidden stage is left beside it.
func recoverWarehouse(dir string) error {
	fsys, err := warehouse.NewLocal(dir)
	if err != nil {
		return err
	}
	if err := warehouse.RecoverAll(fsys, "/"); err != nil {
		return fmt.Errorf("recover the warehouse: %w", err)
	}
	return nil
}
