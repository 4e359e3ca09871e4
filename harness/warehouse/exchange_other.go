//go:build !linux

package warehouse

import (
	"errors"
	"fmt"
)

// Exchange is only available on Linux; elsewhere it answers errors.ErrUnsupported.
func (l *Local) Exchange(oldname, newname string) error {
	return fmt.Errorf("exchange %s and %s: %w", oldname, newname, errors.ErrUnsupported)
}
