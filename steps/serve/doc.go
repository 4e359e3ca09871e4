// Package serve is the class's game API (game_api.py): each request is logged as a JSON event to Kafka.
package serve
