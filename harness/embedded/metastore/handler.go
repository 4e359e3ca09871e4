package metastore

import (
	"context"
	"regexp"
	"strings"

	"github.com/beltran/gohive/hive_metastore"
)

// Calls are the metastore calls this server implements, by their Thrift names.
var Calls = []string{
	// session
	"set_ugi", "get_config_value",
	// databases
	"get_all_databases", "get_databases", "get_database", "get_database_req",
	"create_database", "drop_database",
	// tables
	"get_all_tables", "get_tables", "get_table", "get_table_req",
	"get_table_objects_by_name", "get_table_objects_by_name_req",
	"get_fields", "get_schema",
	"create_table", "create_table_with_environment_context", "create_table_req",
	"alter_table", "alter_table_with_environment_context", "alter_table_req",
	"drop_table", "drop_table_with_environment_context",
	// partitions: tables here have none registered
	"get_partition_names", "get_partitions",
}

// handler implements the calls of Calls. The embedded interface is nil: the
// processor never routes another call here (see newProcessor).
type handler struct {
	hive_metastore.ThriftHiveMetastore
	store   *store
	aliases [][2]string
}

// SetUgi is what Hive's own client sends first when SASL is off.
func (h *handler) SetUgi(_ context.Context, user string, groups []string) ([]string, error) {
	return groups, nil
}

// GetConfigValue answers every key with the caller's default: this metastore has no configuration.
func (h *handler) GetConfigValue(_ context.Context, name, defaultValue string) (string, error) {
	return defaultValue, nil
}

func metaErr(msg string) error       { return &hive_metastore.MetaException{Message: msg} }
func noSuch(msg string) error        { return &hive_metastore.NoSuchObjectException{Message: msg} }
func exists(msg string) error        { return &hive_metastore.AlreadyExistsException{Message: msg} }
func invalidObject(msg string) error { return &hive_metastore.InvalidObjectException{Message: msg} }
func invalidOperation(msg string) error {
	return &hive_metastore.InvalidOperationException{Message: msg}
}

// norm is how the metastore keys names: lower case, no surrounding space.
func norm(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// validName is Hive's rule for database and table names: letters, digits and underscores.
var validName = regexp.MustCompile(`^[\pL\pN_]+$`)

// matcher turns a metastore pattern ("*" wildcards, "|" alternatives, case-insensitive) into a test.
func matcher(pattern string) func(string) bool {
	if pattern == "" || pattern == "*" {
		return func(string) bool { return true }
	}
	var alts []string
	for _, p := range strings.Split(pattern, "|") {
		parts := strings.Split(strings.TrimSpace(p), "*")
		for i := range parts {
			parts[i] = regexp.QuoteMeta(parts[i])
		}
		alts = append(alts, strings.Join(parts, ".*"))
	}
	re := regexp.MustCompile("(?i)^(?:" + strings.Join(alts, "|") + ")$")
	return re.MatchString
}
