package local

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
)

// ports are the loopback ports of one stack. They are kept in the stack's
// directory and taken again by the next start when still free, so a table's
// hdfs:// location stays valid across `lab down` and `lab up`.
type ports struct {
	ZooKeeper    int `json:"zookeeper"`
	Kafka        int `json:"kafka"`
	NameNode     int `json:"namenode"`
	NameNodeHTTP int `json:"namenode_http"`
	DataNode     int `json:"datanode"`
	DataNodeHTTP int `json:"datanode_http"`
	DataNodeIPC  int `json:"datanode_ipc"`
	Metastore    int `json:"metastore"`
	Presto       int `json:"presto"`

	// KafkaController is the KRaft controller's (LAB_LOCAL_KAFKA=4); Kafka 3.9 leaves it unused.
	KafkaController int `json:"kafka_controller"`
}

func (p *ports) all() []*int {
	return []*int{&p.ZooKeeper, &p.Kafka, &p.NameNode, &p.NameNodeHTTP, &p.DataNode, &p.DataNodeHTTP, &p.DataNodeIPC, &p.Metastore, &p.Presto, &p.KafkaController}
}

// allocatePorts reads the ports of the last start from path, keeps those
// still free, picks free ones for the rest, and writes them back.
func allocatePorts(path string) (ports, error) {
	var p ports
	if b, err := os.ReadFile(path); err == nil {
		json.Unmarshal(b, &p) // a bad file is only a lost preference
	}
	// Hold every chosen port until all are chosen, so no two are the same.
	var held []net.Listener
	defer func() {
		for _, l := range held {
			l.Close()
		}
	}()
	for _, port := range p.all() {
		if *port != 0 {
			if l, err := net.Listen("tcp", net.JoinHostPort(loopback, strconv.Itoa(*port))); err == nil {
				held = append(held, l)
				continue
			}
		}
		l, err := net.Listen("tcp", loopback+":0")
		if err != nil {
			return p, fmt.Errorf("free port: %w", err)
		}
		held = append(held, l)
		*port = l.Addr().(*net.TCPAddr).Port
	}
	b, _ := json.MarshalIndent(p, "", "  ")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return p, fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	return p, nil
}
