package local

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Environment variables OptionsFromEnv reads (the edge: the CLI and the tests' defaults).
const (
	// EnvKafka picks Kafka: 3 (Kafka 3.9.1 with ZooKeeper, the default) or 4 (Kafka 4.1.2 in KRaft mode).
	EnvKafka = "LAB_LOCAL_KAFKA"
	// EnvHive picks the metastore: 3 (Hive 3.1.3, the default) or 4 (Hive 4.0.1).
	EnvHive = "LAB_LOCAL_HIVE"
	// EnvCache names the directory that holds the fetched services (default: the user's cache dir + /fullstack-lab).
	EnvCache = "LAB_CACHE"
)

// Options are what a local stack runs. The zero value is the defaults:
// Kafka 3.9.1 with ZooKeeper, Hive 3.1.3, the user's cache directory, the
// JDK of JAVA_HOME or PATH as the process found them. Nothing in the
// backend reads the environment; OptionsFromEnv does, once, at the edge.
type Options struct {
	// Kafka is "3" (Kafka 3.9.1 with ZooKeeper; "" too) or "4" (Kafka 4.1.2 in KRaft mode).
	Kafka string
	// Hive is "3" (Hive 3.1.3; "" too) or "4" (Hive 4.0.1).
	Hive string
	// Cache is where the services are fetched to; "": the user's cache dir + /fullstack-lab.
	Cache string
	// JavaHome is the JDK the services run on; "": the java on PATH.
	JavaHome string
}

// OptionsFromEnv reads LAB_LOCAL_KAFKA, LAB_LOCAL_HIVE, LAB_CACHE and JAVA_HOME.
func OptionsFromEnv() Options {
	return Options{
		Kafka:    strings.TrimSpace(os.Getenv(EnvKafka)),
		Hive:     strings.TrimSpace(os.Getenv(EnvHive)),
		Cache:    os.Getenv(EnvCache),
		JavaHome: os.Getenv("JAVA_HOME"),
	}
}

// kafka is the Kafka o asks for.
func (o Options) kafka() (kafkaDist, error) {
	v := o.Kafka
	if v == "" {
		v = "3"
	}
	k, ok := kafkas[v]
	if !ok {
		return kafkaDist{}, fmt.Errorf("%w: kafka %q (%s): choose 3 (Kafka 3.9.1 with ZooKeeper, the default) or 4 (Kafka 4.1.2 in KRaft mode)", ErrOption, v, EnvKafka)
	}
	return k, nil
}

// hive is the metastore o asks for.
func (o Options) hive() (hiveDist, error) {
	v := o.Hive
	if v == "" {
		v = "3"
	}
	h, ok := hives[v]
	if !ok {
		return hiveDist{}, fmt.Errorf("%w: hive %q (%s): choose 3 (Hive 3.1.3, the default) or 4 (Hive 4.0.1)", ErrOption, v, EnvHive)
	}
	return h, nil
}

// cacheDir is o.Cache made absolute, else ~/.cache/fullstack-lab.
func (o Options) cacheDir() (string, error) {
	if o.Cache != "" {
		return filepath.Abs(o.Cache)
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("cache dir: %w (set %s)", err, EnvCache)
	}
	return filepath.Join(d, "fullstack-lab"), nil
}

// CacheDir is where the services are fetched to, outside the repository
// and reused by every run: LAB_CACHE, else ~/.cache/fullstack-lab. It reads
// the environment: for the CLI and tests (the edge), as OptionsFromEnv.
func CacheDir() (string, error) { return OptionsFromEnv().cacheDir() }

// ErrOption is returned for an option the backend does not know.
var ErrOption = errors.New("local stack option")

// Cache is where o's services are fetched to (o.Cache made absolute, else
// ~/.cache/fullstack-lab).
func Cache(o Options) (string, error) { return o.cacheDir() }
