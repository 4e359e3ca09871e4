// Package containers is the stack backend that runs the real services in Docker containers with testcontainers-go, on one network.
package containers
