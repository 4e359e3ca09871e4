package hms

import (
	"fmt"
	"sort"
	"strings"

	"github.com/beltran/gohive/hive_metastore"
)

// Ping checks that the metastore answers (get_all_databases).
func (c *Client) Ping() error {
	_, err := c.Databases()
	return err
}

// Databases lists the databases, sorted (get_all_databases).
func (c *Client) Databases() ([]string, error) {
	var names []string
	err := c.call("list databases", func(ms *hive_metastore.ThriftHiveMetastoreClient) (err error) {
		names, err = ms.GetAllDatabases(bg())
		return err
	})
	sort.Strings(names)
	return names, err
}

// Database returns the database called name (get_database).
func (c *Client) Database(name string) (Database, error) {
	var d *hive_metastore.Database
	err := c.call("get database "+name, func(ms *hive_metastore.ThriftHiveMetastoreClient) (err error) {
		d, err = ms.GetDatabase(bg(), name)
		return err
	})
	if err != nil {
		return Database{}, err
	}
	return Database{Name: d.Name, Description: d.Description, Location: d.LocationUri, Properties: d.Parameters}, nil
}

// CreateDatabase creates a database (create_database). An existing one is an
// error matching ErrAlreadyExists. Without a Location it goes where Hive puts
// it, name.db beside the default database's directory (the real metastore
// refuses an empty location).
func (c *Client) CreateDatabase(d Database) error {
	if d.Location == "" {
		def, err := c.Database("default")
		if err != nil {
			return fmt.Errorf("create database %s: no location given and %w", d.Name, err)
		}
		d.Location = strings.TrimRight(def.Location, "/") + "/" + strings.ToLower(d.Name) + ".db"
	}
	owner := c.cfg.user
	ownerType := hive_metastore.PrincipalType_USER
	params := d.Properties
	if params == nil {
		params = map[string]string{}
	}
	td := &hive_metastore.Database{
		Name:        d.Name,
		Description: d.Description,
		LocationUri: d.Location,
		Parameters:  params,
		OwnerName:   &owner,
		OwnerType:   &ownerType,
	}
	return c.call("create database "+d.Name, func(ms *hive_metastore.ThriftHiveMetastoreClient) error {
		return ms.CreateDatabase(bg(), td)
	})
}

// DropDatabase drops a database and, with cascade, its tables; the files of
// external tables are kept (drop_database with deleteData=false).
func (c *Client) DropDatabase(name string, cascade bool) error {
	return c.call("drop database "+name, func(ms *hive_metastore.ThriftHiveMetastoreClient) error {
		return ms.DropDatabase(bg(), name, false, cascade)
	})
}
