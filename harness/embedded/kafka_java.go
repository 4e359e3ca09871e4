package embedded

import (
	"context"
	"fmt"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// serveJavaClients makes kfake answer two requests as Apache Kafka does, so
// that Java clients (kafka-clients 3.4.1, which Spark 3.5 ships, and 3.9.1)
// work against the embedded broker:
//
//   - ApiVersions v3 lists no supported feature whose range starts at 0.
//     Kafka hides such ranges from clients older than ApiVersions v4
//     (KAFKA-17011, apache/kafka#16421) because those clients reject them:
//     kafka-clients 3.4.1 fails every connection with "Expected minValue >= 1,
//     maxValue >= 1 and maxValue >= minValue, but received minValue: 0,
//     maxValue: 1".
//   - DescribeTopicPartitions sends empty eligible_leader_replicas and
//     last_known_elr arrays where kfake sends null ones, as Kafka always
//     does; kafka-clients 3.9.1's describeTopics throws a NullPointerException
//     on the null array.
//
// kfake's control functions can answer a request but not edit kfake's own
// answer, so each hook asks kfake the same question again over a client
// connection of its own (while the hook sleeps, so the broker keeps serving)
// and edits that answer.
func serveJavaClients(c *kfake.Cluster) {
	c.ControlKey(int16(kmsg.ApiVersions), func(req kmsg.Request) (kmsg.Response, error, bool) {
		r, ok := req.(*kmsg.ApiVersionsRequest)
		// v0-2 carry no features; v4 on take a range from 0. An
		// invalid v3 request is left to kfake, which rejects it.
		if !ok || r.Version != 3 || !validSoftwareName(r.ClientSoftwareName) || !validSoftwareName(r.ClientSoftwareVersion) {
			return nil, nil, false
		}
		c.KeepControl()
		again := kmsg.NewPtrApiVersionsRequest()
		again.ClientSoftwareName, again.ClientSoftwareVersion = r.ClientSoftwareName, r.ClientSoftwareVersion
		got, err := askAgain(c, again)
		if err != nil {
			return nil, err, true
		}
		full := got.(*kmsg.ApiVersionsResponse)
		resp := r.ResponseKind().(*kmsg.ApiVersionsResponse)
		resp.ErrorCode = full.ErrorCode
		resp.ApiKeys = full.ApiKeys
		resp.FinalizedFeaturesEpoch = full.FinalizedFeaturesEpoch
		resp.FinalizedFeatures = full.FinalizedFeatures
		for _, f := range full.SupportedFeatures {
			if f.MinVersion > 0 {
				resp.SupportedFeatures = append(resp.SupportedFeatures, f)
			}
		}
		return resp, nil, true
	})

	c.ControlKey(int16(kmsg.DescribeTopicPartitions), func(req kmsg.Request) (kmsg.Response, error, bool) {
		r, ok := req.(*kmsg.DescribeTopicPartitionsRequest)
		if !ok || isAskedAgain(&r.UnknownTags) {
			return nil, nil, false // our own question: kfake answers it
		}
		c.KeepControl()
		again := *r
		again.UnknownTags = kmsg.Tags{}
		again.UnknownTags.Set(askedAgainTag, nil)
		got, err := askAgain(c, &again)
		if err != nil {
			return nil, err, true
		}
		resp := got.(*kmsg.DescribeTopicPartitionsResponse)
		resp.Version = r.Version
		for i := range resp.Topics {
			for j := range resp.Topics[i].Partitions {
				p := &resp.Topics[i].Partitions[j]
				if p.EligibleLeaderReplicas == nil {
					p.EligibleLeaderReplicas = []int32{}
				}
				if p.LastKnownELR == nil {
					p.LastKnownELR = []int32{}
				}
			}
		}
		return resp, nil, true
	})
}

// askedAgainTag marks a request a hook sends to kfake itself (a tagged field
// Kafka does not define; brokers skip unknown tags), so that the hook lets
// kfake answer it.
const askedAgainTag = 0x6c6162 // "lab"

func isAskedAgain(t *kmsg.Tags) bool {
	found := false
	t.Each(func(key uint32, _ []byte) { found = found || key == askedAgainTag })
	return found
}

// askAgain sends req to the cluster over a new connection and returns
// kfake's answer. It runs inside a control function: the function sleeps
// meanwhile (SleepControl) so that the cluster can serve the connection.
func askAgain(c *kfake.Cluster, req kmsg.Request) (kmsg.Response, error) {
	var (
		resp kmsg.Response
		err  error
	)
	c.SleepControl(func() {
		var cl *kgo.Client
		cl, err = kgo.NewClient(kgo.SeedBrokers(c.ListenAddrs()...))
		if err != nil {
			return
		}
		defer cl.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		resp, err = cl.Request(ctx, req)
	})
	if err != nil {
		return nil, fmt.Errorf("embedded kafka: ask %s again: %w", kmsg.NameForKey(req.Key()), err)
	}
	return resp, nil
}

// validSoftwareName is the broker's check of ApiVersions v3's client
// software name and version: [a-zA-Z0-9](?:[a-zA-Z0-9\-.]*[a-zA-Z0-9])?.
func validSoftwareName(s string) bool {
	alnum := func(c byte) bool {
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	if s == "" || !alnum(s[0]) || !alnum(s[len(s)-1]) {
		return false
	}
	for i := 1; i < len(s)-1; i++ {
		if c := s[i]; !alnum(c) && c != '-' && c != '.' {
			return false
		}
	}
	return true
}
