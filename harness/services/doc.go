// Package services is the stack's service table: each real service the
// local and containers backends run (name, what it depends on, the
// fixtures it is configured from, and how it is asked, over its own
// protocol, whether it is ready). Both backends start from it: the order,
// the chains started side by side, and every readiness check.
package services
