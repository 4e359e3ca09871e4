package embedded

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
)

// portsFile, in the stack's directory, keeps the ports of the last start
// (the local backend keeps its own in the same file, under other keys), so a
// restarted stack listens where its clients are: a running `lab serve`
// resumes producing once the broker is back, without a restart.
const portsFile = "ports.json"

// ports are the embedded services' ports, 0 for "any free one".
type ports struct {
	path string
	all  map[string]int // every key of the file, ours and the local backend's
}

// readPorts reads dir's ports file; a missing or unreadable file is only a
// lost preference (every service then takes a free port).
func readPorts(dir string) *ports {
	p := &ports{path: filepath.Join(dir, portsFile), all: map[string]int{}}
	if b, err := os.ReadFile(p.path); err == nil {
		json.Unmarshal(b, &p.all)
	}
	return p
}

// addr is the loopback address to ask for service: its last port when free,
// else port 0.
func (p *ports) addr(service string) string {
	port := p.all[service]
	if port != 0 {
		if l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port))); err == nil {
			l.Close()
		} else {
			port = 0
		}
	}
	return net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
}

// port is service's last port (0 if none).
func (p *ports) port(service string) int { return p.all[service] }

// set records the address a service listens on.
func (p *ports) set(service, addr string) {
	if _, port, err := net.SplitHostPort(addr); err == nil {
		p.all[service], _ = strconv.Atoi(port)
	}
}

// save writes the ports back atomically.
func (p *ports) save() error {
	if err := writeFileSynced(p.path, p.all); err != nil {
		return fmt.Errorf("write %s: %w", portsFile, err)
	}
	return nil
}
