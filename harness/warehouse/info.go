package warehouse

import (
	"io/fs"
	"os/user"
	"strconv"
	"syscall"

	"github.com/colinmarc/hdfs/v2"
)

// Owner returns the owner, group and replication of a file as `hadoop fs -ls`
// shows them: HDFS's own for HDFS files; for local files, the file's owner and
// group, and a replication of 1 (as Hadoop's local filesystem reports).
func Owner(fi fs.FileInfo) (owner, group string, replication int) {
	switch st := fi.Sys().(type) {
	case *hdfs.FileStatus:
		return st.GetOwner(), st.GetGroup(), int(st.GetBlockReplication())
	case *syscall.Stat_t:
		owner, group = strconv.Itoa(int(st.Uid)), strconv.Itoa(int(st.Gid))
		if u, err := user.LookupId(owner); err == nil {
			owner = u.Username
		}
		if g, err := user.LookupGroupId(group); err == nil {
			group = g.Name
		}
		return owner, group, 1
	}
	return "", "", 1
}
