package metastore

import (
	"context"
	"time"

	"github.com/beltran/gohive/hive_metastore"
)

func (h *handler) GetAllDatabases(ctx context.Context) ([]string, error) {
	return h.GetDatabases(ctx, "*")
}

func (h *handler) GetDatabases(_ context.Context, pattern string) (out []string, _ error) {
	match := matcher(pattern)
	h.store.view(func(c *catalog) {
		for _, name := range sortedKeys(c.Databases) {
			if match(name) {
				out = append(out, name)
			}
		}
	})
	if out == nil {
		out = []string{}
	}
	return out, nil
}

func (h *handler) GetDatabase(_ context.Context, name string) (d *hive_metastore.Database, err error) {
	h.store.view(func(c *catalog) { d = c.Databases[norm(name)] })
	if d == nil {
		return nil, noSuch("Database " + norm(name) + " does not exist")
	}
	return d, nil
}

func (h *handler) GetDatabaseReq(ctx context.Context, req *hive_metastore.GetDatabaseRequest) (*hive_metastore.Database, error) {
	if req == nil || req.Name == nil {
		return nil, metaErr("get_database_req: database name is required")
	}
	return h.GetDatabase(ctx, *req.Name)
}

func (h *handler) CreateDatabase(_ context.Context, d *hive_metastore.Database) error {
	if d == nil {
		return invalidObject("create_database: database is required")
	}
	name := norm(d.Name)
	if !validName.MatchString(name) {
		return invalidObject(d.Name + " is not a valid database name")
	}
	return h.store.update(func(c *tx) error {
		if _, ok := c.Databases[name]; ok {
			return exists("Database " + name + " already exists")
		}
		nd := *d
		nd.Name = name
		if nd.LocationUri == "" {
			nd.LocationUri = h.store.warehouse + "/user/hive/warehouse/" + name + ".db"
		}
		if nd.OwnerType != nil && !validPrincipal(*nd.OwnerType) {
			nd.OwnerType = nil
		}
		if nd.Parameters == nil {
			nd.Parameters = map[string]string{}
		}
		if nd.CreateTime == nil {
			nd.CreateTime = ptr(int32(time.Now().Unix()))
		}
		c.putDatabase(&nd)
		return nil
	})
}

// DropDatabase removes the database; its tables' files are never deleted.
func (h *handler) DropDatabase(_ context.Context, name string, deleteData, cascade bool) error {
	name = norm(name)
	if name == "default" {
		return invalidOperation("Can not drop default database")
	}
	return h.store.update(func(c *tx) error {
		if _, ok := c.Databases[name]; !ok {
			return noSuch("Database " + name + " does not exist")
		}
		if len(c.Tables[name]) > 0 && !cascade {
			return invalidOperation("Database " + name + " is not empty. One or more tables exist.")
		}
		c.dropDatabase(name)
		return nil
	})
}
