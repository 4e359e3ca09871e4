package embedded

import (
	"errors"
	"os"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// createTopicsDurably makes every topic a Metadata request creates on the
// fly go through kfake's CreateTopic, which writes topics.json (temporary
// file, fsync, rename) before the request is answered; the data directory is
// then synced, so the rename itself survives a power loss. kfake's own
// auto-creation in Metadata writes nothing until Close: a killed broker
// forgot the topic while its log stayed on disk (issue 14).
//
// A Metadata request older than v4 creates the topics it names, as Kafka
// does: the request's allow_auto_topic_creation field came in v4, and before
// it creation was implied. kfake reads the missing field as false, so the
// class's own game API (kafka-python 2.0.2, which asks with v1) got
// UNKNOWN_TOPIC_OR_PARTITION for a new topic until its send timed out.
//
// The request is only amended (auto-creation turned off, since the topics
// exist by then); kfake answers it.
func (k *Kafka) createTopicsDurably() {
	c := k.cluster
	c.ControlKey(int16(kmsg.Metadata), func(req kmsg.Request) (kmsg.Response, error, bool) {
		m, ok := req.(*kmsg.MetadataRequest)
		if !ok || !(m.AllowAutoTopicCreation || m.Version < 4) {
			return nil, nil, false
		}
		m.AllowAutoTopicCreation = false
		created := false
		for _, t := range m.Topics {
			if t.Topic == nil || *t.Topic == "" {
				continue
			}
			// CreateTopic runs on kfake's own loop (the control
			// function waits in a goroutine while the loop serves it).
			err := c.CreateTopic(*t.Topic, -1, nil)
			if err == nil {
				created = true
			}
			if err != nil && !errors.Is(err, kerr.TopicAlreadyExists) {
				// An invalid name: kfake answers UNKNOWN_TOPIC_OR_PARTITION.
				continue
			}
		}
		if created && k.dataDir != "" {
			syncDir(k.dataDir)
		}
		return nil, nil, false
	})
}

// syncDir fsyncs a directory, so that the renames and creations in it are
// on disk. Errors are ignored: some file systems cannot sync a directory.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
