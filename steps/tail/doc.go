// Package tail is kafkacat's consumer (-C): it prints each message value of a topic on its own line.
package tail
