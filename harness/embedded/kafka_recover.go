package embedded

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// kfake's on-disk layout (pkg/kfake/persist.go, format version 1), as far as
// recovery needs it: meta.json says the directory holds a cluster (without
// it kfake loads nothing), topics.json lists the topics and their partition
// counts, and partitions/<escaped topic>-<n>/ holds each partition's
// segments (<base offset>.dat, raw Kafka record batches) and indexes.
const kfakeFormat = 1

type kfakeMeta struct {
	Version   int    `json:"version"`
	ClusterID string `json:"cluster_id"`
}

type kfakeTopics struct {
	Version int               `json:"version"`
	Topics  []json.RawMessage `json:"topics"`
}

type kfakeTopic struct {
	Name       string `json:"name"`
	ID         string `json:"id"` // 16 bytes, standard base64
	Partitions int    `json:"partitions"`
	Replicas   int    `json:"replicas"`
}

// recoverKafkaDir makes dir, the log a killed broker left, loadable as it
// was acknowledged, before kfake reads it:
//   - a partition directory whose topic topics.json does not list (a topic
//     created, written to, and not yet saved when the broker died, by a
//     version of the lab that saved topics only at a clean stop) is adopted:
//     the topic is added to topics.json with as many partitions as there are
//     directories, so its records are served again. Left orphaned, kfake
//     would append a new topic of that name after the old bytes while
//     indexing from 0: consumers got old records, then garbage.
//   - a directory with a log but no meta.json (a broker killed during its
//     very first start) gets one; kfake would ignore the whole directory.
//
// A partition whose log goes back in offsets (records of a topic created
// again over an orphaned log by an earlier version, which consumers read as
// garbage: kcat's "Unsupported Message(Set) MagicByte") is refused with an
// error that names it.
//
// A torn last batch (a write cut short by the kill) is kfake's to repair: it
// checks each batch's length and CRC at load and cuts the segment after the
// last whole batch (reported through WithKafkaLog). Files that cannot be
// understood (a topics.json that is not JSON, a partition directory with an
// unexpected name) stop the start with an error naming them: serving a log
// the broker cannot read is how garbage reaches consumers.
func recoverKafkaDir(dir string, logf func(string, ...any)) error {
	parts, err := partitionDirs(dir)
	if err != nil {
		return err
	}
	if err := checkSegments(dir); err != nil {
		return err
	}
	if len(parts) == 0 {
		return nil // a new directory, or no records yet: nothing to recover
	}
	metaPath := filepath.Join(dir, "meta.json")
	if _, err := os.Stat(metaPath); errors.Is(err, fs.ErrNotExist) {
		if err := writeFileSynced(metaPath, kfakeMeta{Version: kfakeFormat, ClusterID: clusterID}); err != nil {
			return fmt.Errorf("recover kafka log: %w", err)
		}
		logf("kafka: %s had a log but no meta.json (killed during its first start): wrote one", dir)
	}

	topicsPath := filepath.Join(dir, "topics.json")
	var saved kfakeTopics
	b, err := os.ReadFile(topicsPath)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		saved.Version = kfakeFormat
	case err != nil:
		return fmt.Errorf("recover kafka log: %w", err)
	default:
		if err := json.Unmarshal(b, &saved); err != nil {
			return fmt.Errorf("recover kafka log: %s is not a topic list (%v); move it away to start with the topics found in %s",
				topicsPath, err, filepath.Join(dir, "partitions"))
		}
	}
	known := map[string]int{} // topic -> its index in saved.Topics
	var topics []kfakeTopic
	for i, raw := range saved.Topics {
		var t kfakeTopic
		if err := json.Unmarshal(raw, &t); err != nil {
			return fmt.Errorf("recover kafka log: %s: topic %d: %w", topicsPath, i, err)
		}
		known[t.Name] = i
		topics = append(topics, t)
	}

	changed := false
	names := make([]string, 0, len(parts))
	for name := range parts {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		n := parts[name]
		i, ok := known[name]
		if !ok {
			id, err := newTopicID()
			if err != nil {
				return fmt.Errorf("recover kafka log: %w", err)
			}
			t := kfakeTopic{Name: name, ID: id, Partitions: n, Replicas: 1}
			raw, _ := json.Marshal(t)
			saved.Topics = append(saved.Topics, raw)
			changed = true
			logf("kafka: recovered topic %q (%d partition(s)): its log was on disk but not in topics.json (the broker was killed before saving it)", name, n)
			continue
		}
		if t := topics[i]; n > t.Partitions {
			// Partitions added, written to, not saved: raise the count,
			// keeping the entry's other fields (configs) as kfake wrote them.
			var m map[string]any
			if err := json.Unmarshal(saved.Topics[i], &m); err != nil {
				return fmt.Errorf("recover kafka log: %s: topic %q: %w", topicsPath, name, err)
			}
			m["partitions"] = n
			saved.Topics[i], _ = json.Marshal(m)
			changed = true
			logf("kafka: recovered partitions %d..%d of topic %q: their logs were on disk but not in topics.json", t.Partitions, n-1, name)
		}
	}
	if !changed {
		return nil
	}
	saved.Version = kfakeFormat
	if err := writeFileSynced(topicsPath, saved); err != nil {
		return fmt.Errorf("recover kafka log: %w", err)
	}
	return nil
}

// partitionDirs maps each topic that has partition directories under
// dir/partitions to its partition count (the highest partition number + 1).
func partitionDirs(dir string) (map[string]int, error) {
	entries, err := os.ReadDir(filepath.Join(dir, "partitions"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("recover kafka log: %w", err)
	}
	parts := map[string]int{}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		topic, p, ok := parsePartitionDir(e.Name())
		if !ok {
			return nil, fmt.Errorf("recover kafka log: %s is not a partition directory (<topic>-<partition>); move it out of %s",
				e.Name(), filepath.Join(dir, "partitions"))
		}
		if !hasSegment(filepath.Join(dir, "partitions", e.Name())) {
			continue // created, never written: nothing was acknowledged in it
		}
		parts[topic] = max(parts[topic], p+1)
	}
	return parts, nil
}

// parsePartitionDir splits kfake's "<url.PathEscape(topic)>-<partition>".
func parsePartitionDir(name string) (topic string, partition int, ok bool) {
	i := strings.LastIndexByte(name, '-')
	if i <= 0 {
		return "", 0, false
	}
	p, err := strconv.Atoi(name[i+1:])
	if err != nil || p < 0 {
		return "", 0, false
	}
	topic, err = url.PathUnescape(name[:i])
	if err != nil {
		return "", 0, false
	}
	return topic, p, true
}

// hasSegment reports whether a partition directory holds a non-empty segment.
func hasSegment(dir string) bool {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".dat") {
			if info, err := e.Info(); err == nil && info.Size() > 0 {
				return true
			}
		}
	}
	return false
}

// newTopicID is a random topic id in kfake's encoding.
func newTopicID() (string, error) {
	var id [16]byte
	if _, err := rand.Read(id[:]); err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(id[:]), nil
}

// writeFileSynced writes v as JSON to path atomically and durably: a
// temporary file beside it, fsynced, renamed over path, and the directory
// fsynced so that the rename survives a power loss.
func writeFileSynced(path string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	// kfake removes *.tmp files left in its directory at load.
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing to remove
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	syncDir(filepath.Dir(path))
	return nil
}
