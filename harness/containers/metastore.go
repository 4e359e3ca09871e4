package containers

import (
	"strings"

	"github.com/moby/moby/api/types/container"
	"github.com/testcontainers/testcontainers-go"
)

// hiveConf is where the apache/hive image's entrypoint takes custom configs
// from (HIVE_CUSTOM_CONF_DIR): it links each file into /opt/hive/conf, over
// the image's own, and makes that directory HADOOP_CONF_DIR too.
const hiveConf = "/hive_custom_conf"

// hiveDerbySchema is the Derby schema script schematool runs for a Hive 3.1 metastore.
const hiveDerbySchema = "/opt/hive/scripts/metastore/upgrade/derby/hive-schema-3.1.0.derby.sql"

// MetastoreEntrypoint runs the apache/hive image's own entrypoint
// (/entrypoint.sh: schematool -initSchema, then `hive --service metastore`)
// after one fix to Hive 3.1's Derby schema script, the one the local backend
// makes: TABLE_PARAMS.PARAM_VALUE becomes VARCHAR(32672), as the metastore's
// own JDO mapping declares it, instead of CLOB. Derby cannot compare CLOBs,
// and every Presto SHOW TABLES (which lists views by a TABLE_PARAMS filter)
// failed in the local backend's Hive 3.1.3 metastore with "Comparisons
// between 'CLOB (UCS_BASIC)' and 'CLOB (UCS_BASIC)' are not supported".
// The script belongs to root, so the container starts as root (MetastoreUser),
// edits it, checks the edit, and runs the entrypoint as the image's user hive.
// The compose file runs the same command.
var MetastoreEntrypoint = []string{"bash", "-c", strings.Join([]string{
	`sed -i '/"TABLE_PARAMS"/s/"PARAM_VALUE" CLOB)/"PARAM_VALUE" VARCHAR(32672))/' ` + hiveDerbySchema + ` || exit 1`,
	`grep -q '"TABLE_PARAMS".*"PARAM_VALUE" VARCHAR(32672))' ` + hiveDerbySchema + ` || { echo 'lab: no TABLE_PARAMS to fix in ` + hiveDerbySchema + ` (not a Hive 3.1 image?)' >&2; exit 1; }`,
	`exec su -p -s /bin/bash hive -c /entrypoint.sh`,
}, "\n")}

// MetastoreUser is the user the metastore container starts as (see MetastoreEntrypoint).
const MetastoreUser = "root"

// metastore is the Hive Metastore of the apache/hive image (SERVICE_NAME=metastore),
// Derby-backed, its schema initialised by the image's entrypoint with
// schematool. fixtures/hive/metastore-site.xml is installed as
// metastore-site.xml and as hive-site.xml, so that no default of the image's
// own hive-site.xml (its warehouse dir, a local path) wins over it.
// Ready when it lists its databases over Thrift (probe.Metastore), as in the
// local backend: the port opens before the metastore answers.
func metastore(cfg Config) (testcontainers.ContainerRequest, error) {
	p := params(cfg)
	site, err := files(p,
		"hive/metastore-site.xml", hiveConf+"/metastore-site.xml",
		"hive/metastore-site.xml", hiveConf+"/hive-site.xml")
	if err != nil {
		return testcontainers.ContainerRequest{}, err
	}
	hadoop, err := clientHadoop(cfg, hiveConf)
	if err != nil {
		return testcontainers.ContainerRequest{}, err
	}
	r := testcontainers.ContainerRequest{
		Image:      cfg.Images.Hive,
		Entrypoint: MetastoreEntrypoint,
		ConfigModifier: func(c *container.Config) {
			c.User = MetastoreUser
		},
		Env: map[string]string{
			"SERVICE_NAME":         "metastore",
			"HIVE_CUSTOM_CONF_DIR": hiveConf,
			"DB_DRIVER":            "derby",
			"HADOOP_HEAPSIZE":      "512",
			"HADOOP_USER_NAME":     "hive",
		},
		ExposedPorts: []string{tcp(MetastorePort)},
		Files:        append(site, hadoop...),
	}
	onNetwork(&r, cfg, AliasMetastore)
	return r, nil
}
