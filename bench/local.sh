#!/usr/bin/env bash
# Start time and memory of the local backend (the real services as processes):
# a cold start, with every artifact fetched from Maven Central into an empty
# cache (LAB_CACHE), then RUNS warm starts with the cache filled, each into a
# new stack dir (so HDFS is formatted and the metastore schema made each time),
# timed from `lab up -d` to its return (every service answering its protocol).
# Memory: each service's peak resident set (VmHWM) once the stack is up.
# Writes the "local" section of BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
make -s build >/dev/null
work=$(mktemp -d /tmp/lab-bench-local-XXXXXX)
trap 'for d in "$work"/*/; do bin/lab down --dir "$d" >/dev/null 2>&1 || true; done; rm -rf "$work"' EXIT

secs() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", b - a}'; }
up() { # dir [env...]: start, print seconds
  local dir=$1; shift
  local start end
  start=$(date +%s.%N)
  env "$@" bin/lab up -d --stack local --dir "$dir" >"$dir.out" 2>&1 || { cat "$dir.out" "$dir/logs/up.log" >&2; exit 1; }
  end=$(date +%s.%N)
  secs "$start" "$end"
}

cold=$(up "$work/cold" LAB_CACHE="$work/cache")
fetched=$(du -sh "$work/cache/m2" | cut -f1)   # what Maven downloaded
unpacked=$(du -sh "$work/cache/dist" | cut -f1) # the tarballs unpacked beside it
bin/lab down --dir "$work/cold" >/dev/null
rm -rf "$work/cache"

warm=()
for i in $(seq "$RUNS"); do
  warm+=("$(up "$work/warm$i")")
  if [ "$i" -lt "$RUNS" ]; then bin/lab down --dir "$work/warm$i" >/dev/null; fi
done
sorted=$(printf '%s\n' "${warm[@]}" | sort -n)
median=$(sed -n "$(( (RUNS + 1) / 2 ))p" <<<"$sorted")
worst=$(tail -1 <<<"$sorted")

# Peak RSS of each service of the last warm stack (lab status: SERVICE ADDRESS PID LOG).
mem_rows=""
total=0
while read -r name _ pid _; do
  kb=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status")
  total=$((total + kb))
  mem_rows+="| $name | $((kb / 1024)) |"$'\n'
done < <(bin/lab status --dir "$work/warm$RUNS" | awk '$3 ~ /^[0-9]+$/')
mem_rows+="| all six | $((total / 1024)) |"
bin/lab down --dir "$work/warm$RUNS" >/dev/null

go run ./tools/benchmd -section local <<MD
## Local backend start (\`make bench\`: bench/local.sh)

\`bin/lab up -d --stack local\` until it returns, every service answering over its protocol
(ZooKeeper ruok, Kafka metadata, HDFS out of safe mode with a live DataNode and a file
written and read back, the metastore over Thrift, Presto's /v1/info starting=false and an active worker in /v1/cluster).
Cold: an empty cache, everything fetched from Maven Central ($fetched downloaded, $unpacked more unpacked). Warm: the cache
filled, a new stack dir each run (HDFS formatted, the metastore's schema made), $RUNS runs.
Java $(java -version 2>&1 | awk -F'"' '/version/ {print $2; exit}'), $(nproc) cores, $(date -u +%Y-%m-%d).

| start | seconds | aim |
|---|---:|---:|
| cold (with downloads) | $cold | |
| warm, median | $median | under 90 |
| warm, slowest | $worst | under 90 |

Peak resident memory of each service once the stack is up (VmHWM, MiB):

| service | MiB |
|---|---:|
$mem_rows
MD
echo "local: cold ${cold}s ($fetched fetched), warm median ${median}s, slowest ${worst}s; services ${total} kB"
