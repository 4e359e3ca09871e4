package metastore

import (
	"net/url"
	"os"
	"strings"
)

// WithLocationAlias makes the metastore record a table location under the
// URI prefix from as the same path under to. The embedded stack's warehouse
// is a directory, file:///D; Spark sees it through a viewfs mount table (lab
// spark-submit), so a table Spark creates at '/tmp/purchases' arrives as
// viewfs://lab/tmp/purchases and is recorded as file:///D/tmp/purchases, the
// location the Go steps and the embedded Presto use.
func WithLocationAlias(from, to string) Option {
	return func(c *config) { c.aliases = append(c.aliases, [2]string{from, to}) }
}

// location is loc with an alias applied, and whether one was.
func (h *handler) location(loc string) (string, bool) {
	for _, a := range h.aliases {
		if strings.HasPrefix(loc, a[0]) {
			return a[1] + strings.TrimPrefix(loc, a[0]), true
		}
	}
	return loc, false
}

// makeDir creates a file:// table location that does not exist, as Hive's
// create_table makes the table's directory: Spark's CTAS reads the location
// back before it writes. Done only for a location that came through an alias
// (a Spark job's); other clients' tables are recorded as given.
func makeDir(loc string) error {
	u, err := url.Parse(loc)
	if err != nil || u.Scheme != "file" || u.Path == "" {
		return nil
	}
	if err := os.MkdirAll(u.Path, 0o755); err != nil {
		return metaErr("could not create the table's location " + loc + ": " + err.Error())
	}
	return nil
}
