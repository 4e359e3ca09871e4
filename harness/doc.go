// Package harness starts the lab's stack, on the backend one setting picks, for tests and for the lab command.
//
// In a test:
//
//	s := harness.Start(t)            // LAB_STACK picks the backend, embedded by default
//	topic := s.Name("events")        // unique per test, so tests never share state
//	w := &kafka.Writer{Addr: kafka.TCP(s.Kafka...)}
//
// Cleanup is registered with t.Cleanup. Backends that are slow to start
// (local, containers) start once per test binary and are shared by its tests;
// use Main in TestMain so they stop when the binary ends.
package harness
