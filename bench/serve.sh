#!/usr/bin/env bash
# Serve throughput: the real Apache Bench (ab -c 50 -n 20000), without and with
# keep-alive, against `lab serve` on the embedded stack (Kafka in another
# process), every event acknowledged and counted afterwards; and, in the same
# run, against the same routes answering without logging (the HTTP ceiling).
# Writes the "serve" section of BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-20000}
C=${C:-50}
command -v ab >/dev/null || { echo "bench/serve.sh: ab not found: apt-get install apache2-utils" >&2; exit 1; }

tmp=$(mktemp -d)
lab="$tmp/lab"
go build -o "$lab" ./lab
export LAB_DIR="$tmp/stack"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  "$lab" down >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

"$lab" up -d >/dev/null
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { for _ in $(seq 1 200); do curl -s -o /dev/null "$1" && return 0; sleep 0.05; done; echo "no answer from $1" >&2; return 1; }

api_port=$(free_port)
"$lab" serve --addr "127.0.0.1:$api_port" --topic bench >"$tmp/serve.log" 2>&1 & pids+=($!)
bare_port=$(free_port)
"$lab" serve --bare --addr "127.0.0.1:$bare_port" >"$tmp/bare.log" 2>&1 & pids+=($!)
wait_http "http://127.0.0.1:$bare_port/purchase_a_sword"
# warm-up request also creates the topic; it is counted below.
wait_http "http://127.0.0.1:$api_port/purchase_a_sword"

rps() { # ab args... → requests/s; fails if any request failed or was not 2xx
  local out
  out=$(ab -q "$@" 2>&1)
  if grep -qE '^(Non-2xx responses|Failed requests: +[1-9])' <<<"$out"; then echo "$out" >&2; return 1; fi
  awk '/^Requests per second/ {print $4}' <<<"$out"
}
ceiling=$(rps -c "$C" -n "$N" "http://127.0.0.1:$bare_port/purchase_a_sword")
ceiling_k=$(rps -k -c "$C" -n "$N" "http://127.0.0.1:$bare_port/purchase_a_sword")
api=$(rps -c "$C" -n "$N" "http://127.0.0.1:$api_port/purchase_a_sword")
api_k=$(rps -k -c "$C" -n "$N" "http://127.0.0.1:$api_port/purchase_a_sword")
events=$("$lab" tail -t bench -o beginning -e 2>/dev/null | wc -l)
want=$((2 * N + 1))
[ "$events" -eq "$want" ] || { echo "bench/serve.sh: $events events in Kafka, want $want" >&2; exit 1; }
ratio=$(awk -v a="$api" -v c="$ceiling" 'BEGIN {printf "%.2f", a / c}')
ratio_k=$(awk -v a="$api_k" -v c="$ceiling_k" 'BEGIN {printf "%.2f", a / c}')

go run ./tools/benchmd -section serve <<MD
## Serve throughput (\`make bench\`: bench/serve.sh)

The real Apache Bench, \`ab -c $C -n $N\`, against \`lab serve\` logging to the embedded
stack's Kafka (kfake, in the \`lab up -d\` process); every event acknowledged before its 200
and counted afterwards with \`lab tail -e\` ($events of $want). The ceiling is the same
routes answering without logging (\`lab serve --bare\`). $(nproc) cores, $(date -u +%Y-%m-%d).

| | requests/s | ceiling (no logging) | ratio |
|---|---:|---:|---:|
| without keep-alive | $api | $ceiling | $ratio |
| keep-alive (\`-k\`) | $api_k | $ceiling_k | $ratio_k |

For scale (FACTS.md): the class's Flask app with kafka-python serves about 550 requests/s at -c 50.
MD
echo "serve: $api req/s (ceiling $ceiling, ratio $ratio); keep-alive $api_k req/s (ceiling $ceiling_k, ratio $ratio_k); $events events"
