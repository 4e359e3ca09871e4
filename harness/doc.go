// Package harness starts the lab's stack for tests, on the backend one setting picks.
//
// In a test:
//
//	s := harness.Start(t)           // LAB_STACK picks the backend, embedded by default
//	topic := s.Name("events")       // unique per test, so tests never share state
//	w := s.KafkaWriter(t, topic)    // ready clients, closed when the test ends:
//	fsys := s.WarehouseFS(t)        //   KafkaReader, MetastoreClient, PrestoDB, Query ...
//
// Cleanup is registered with t.Cleanup. Backends that are slow to start
// (local, containers) start once per test binary and are shared by its tests;
// use Main in TestMain so they stop when the binary ends. Tests wait for a
// condition with require.Eventually, never with a sleep.
//
// The runtime stack that the lab command runs (`lab up`, `lab down`, `lab
// status`: the backends, the state file, the lock, the control endpoint) is
// in harness/stack and harness/backends, which do not import testing.
package harness
