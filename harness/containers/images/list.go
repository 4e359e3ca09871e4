package images

import (
	"context"
	"fmt"
	"strings"
)

// Listed is one image of the lab's set as the engine has it.
type Listed struct {
	Image
	// Present says the engine has it; then ID, Size and Created are its.
	Present bool
	ID      string
	Size    int64
	Created string
}

// List says which images of the lab's set (All) the engine has.
func List(ctx context.Context, opts Options) ([]Listed, error) {
	d, err := newDocker(ctx, opts.Docker)
	if err != nil {
		return nil, err
	}
	var out []Listed
	for _, img := range All() {
		in, ok, err := d.inspect(ctx, img.Ref)
		if err != nil {
			return nil, err
		}
		l := Listed{Image: img, Present: ok}
		if ok {
			l.ID, l.Size, l.Created = strings.TrimPrefix(in.ID, "sha256:")[:12], in.Size, in.Created
		}
		out = append(out, l)
	}
	return out, nil
}

// Remove removes the lab's images from the engine (the services, then the
// JRE and the Debian base unless keepBase); a missing one is not an error.
// The cached root filesystem stays, so a new Build only imports it.
func Remove(ctx context.Context, opts Options, keepBase bool) ([]string, error) {
	d, err := newDocker(ctx, opts.Docker)
	if err != nil {
		return nil, err
	}
	all := All()
	var removed []string
	for i := len(all) - 1; i >= 0; i-- {
		img := all[i]
		if keepBase && (img.Ref == JRERef || img.Ref == DebianRef) {
			continue
		}
		if _, ok, err := d.inspect(ctx, img.Ref); err != nil {
			return removed, err
		} else if !ok {
			continue
		}
		if _, err := d.output(ctx, "rmi", img.Ref); err != nil {
			return removed, fmt.Errorf("remove %s: %w", img.Ref, err)
		}
		removed = append(removed, img.Ref)
	}
	return removed, nil
}
