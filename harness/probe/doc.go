// Package probe asks each of the stack's services, over its own protocol, whether it is ready.
package probe
