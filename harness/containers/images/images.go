package images

import (
	"io"
	"path/filepath"

	"github.com/fullstack-lab/fullstack-lab/harness/containers"
	"github.com/fullstack-lab/fullstack-lab/harness/local"
)

// Image is one image of the lab's set: the service it runs and its tag.
type Image struct {
	// Name is the directory of fixtures/images it is built from.
	Name string
	// Ref is its tag, fullstack-lab/<name>:<version>.
	Ref string
}

// The lab's own base images.
const (
	// DebianRef is the Debian bookworm base made from Debian packages
	// (debootstrap --variant=minbase) where no registry answers.
	DebianRef = "fullstack-lab/debian:bookworm"
	// JRERef is Java 17 on the Debian base.
	JRERef = "fullstack-lab/jre:17"
)

// Services are the service images, in build order, each with the tag the
// containers backend's LabImages use.
var Services = []Image{
	{"kafka", containers.LabImages.Kafka},
	{"hadoop", containers.LabImages.Hadoop},
	{"hive", containers.LabImages.Hive},
	{"presto", containers.LabImages.Presto},
}

// All is every image Build makes: the base, the JRE, then the services.
func All() []Image {
	return append([]Image{{"debian", DebianRef}, {"jre", JRERef}}, Services...)
}

// Options configures Build, List and Remove.
type Options struct {
	// Docker is the engine's address for the docker command (DOCKER_HOST);
	// empty means the command's own default.
	Docker string
	// Base is the Debian bookworm image the JRE image is built on
	// (debian:bookworm-slim where a registry answers). Empty: DebianRef,
	// made from Debian packages with debootstrap the first time.
	Base string
	// JRE is a Java 17 image to build the services on instead of JRERef
	// (eclipse-temurin:17-jre where a registry answers).
	JRE string
	// Mirror is the Debian mirror debootstrap fetches from (default http://deb.debian.org/debian).
	Mirror string
	// Cache is where the base's root filesystem, the build contexts and the
	// build logs are kept (default: the local backend's cache + /images).
	Cache string
	// Local are the local backend's options: its cache holds the jars
	// the images are built from (local.Fetch), and it is the default Cache's root.
	Local local.Options
	// Progress gets one line per step (may be nil).
	Progress io.Writer
}

func (o Options) cacheDir(local string) string {
	if o.Cache != "" {
		return o.Cache
	}
	return filepath.Join(local, "images")
}
