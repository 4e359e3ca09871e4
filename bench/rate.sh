#!/usr/bin/env bash
# Extract rate end to end (issue 20, item 2): N events (default 4M; half
# purchases, 2 partitions) in the local backend's Kafka 3.9, read, filtered,
# shaped and written as snappy Parquet to the local backend's HDFS, in both
# shapes, RUNS times each (default 5), for two topics: LZ4 record batches
# (bench/produce's default) and uncompressed ones (as `lab serve` writes).
# Each run is a process of its own (bench/extractprof). Reports, per shape and
# topic, the median, lowest and highest events/s, and the CPU per event of the
# extract's process and of the broker.
#
# Starts a local stack in a temporary directory, or uses a running one:
# KAFKA=host:port WAREHOUSE=hdfs://host:port [KAFKA_PID=pid]. Writes the "rate"
# section of BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-4000000}
RUNS=${RUNS:-5}
PARTITIONS=${PARTITIONS:-2}
make -s build >/dev/null
work=$(mktemp -d /tmp/lab-bench-rate-XXXXXX)
trap '[ -n "${started:-}" ] && bin/lab down --dir "$work/stack" >/dev/null 2>&1; rm -rf "$work"' EXIT
if [ -z "${KAFKA:-}" ]; then
  bin/lab up -d --stack local --dir "$work/stack" >"$work/up.out" 2>&1 || { cat "$work/up.out" >&2; exit 1; }
  started=1
  env_of() { bin/lab env --dir "$work/stack" | sed -n "s/^$1=//p"; }
  KAFKA=$(env_of LAB_KAFKA)
  WAREHOUSE=$(env_of LAB_WAREHOUSE)
  KAFKA_PID=$(python3 -c 'import json,sys; print(next(s["pid"] for s in json.load(open(sys.argv[1]))["services"] if s["name"]=="kafka"))' "$work/stack/state.json")
fi
: "${WAREHOUSE:?WAREHOUSE=hdfs://host:port is needed with KAFKA}"
broker_cpu() { if [ -n "${KAFKA_PID:-}" ]; then awk '{printf "%.2f", ($14+$15)/100}' "/proc/$KAFKA_PID/stat"; else echo 0; fi; }
load() { awk '{print $1}' /proc/loadavg; }
go build -o "$work/produce" ./bench/produce
go build -o "$work/extractprof" ./bench/extractprof
stamp=$(date +%s)
log="$work/runs.log"
load0=$(load)
for comp in lz4 none; do
  "$work/produce" -brokers "$KAFKA" -topic "rate-$comp-$stamp" -n "$N" -partitions "$PARTITIONS" -compression "$comp" >&2
done
# Alternate shapes and topics run by run, so that the machine's other load falls on all of them.
for i in $(seq 1 "$RUNS"); do
  for comp in lz4 none; do
    for shape in inferred explicit; do
      b0=$(broker_cpu)
      out=$("$work/extractprof" -brokers "$KAFKA" -topic "rate-$comp-$stamp" -shape "$shape" -warehouse "$WAREHOUSE" -path "/tmp/bench-rate-$shape")
      b1=$(broker_cpu)
      echo "$comp $out, broker CPU $(awk -v a="$b0" -v b="$b1" 'BEGIN {printf "%.2f", b - a}') s" | tee -a "$log" >&2
    done
  done
done
load1=$(load)
# row COMP SHAPE → | median | lowest–highest | CPU µs/event (broker) |
row() {
  local runs rates
  runs=$(grep "^$1 extract $2:" "$log")
  rates=$(awk '{for (i=1;i<=NF;i++) if ($(i+1)=="events/s,") print $i}' <<<"$runs" | sort -g)
  awk -v rates="$(tr '\n' ' ' <<<"$rates")" '{for (i=1;i<=NF;i++) {if ($i=="read,") n=$(i-2);
      if ($i=="CPU" && $(i-1)!="broker") c+=$(i+1); if ($i=="CPU" && $(i-1)=="broker") b+=$(i+1)}}
    END {k=split(rates, r, " "); m=(k%2)?r[(k+1)/2]:(r[k/2]+r[k/2+1])/2;
      printf "| %.0f | %.0f–%.0f | %.2f (%.2f) |", m, r[1], r[k], c*1e6/n/NR, b*1e6/n/NR}' <<<"$runs"
}
table=""
for comp in lz4 none; do
  for shape in inferred explicit; do
    table+="| $shape | $comp $(row "$comp" "$shape")"$'\n'
  done
done

go run ./tools/benchmd -section rate <<MD
## Extract rate from a real broker to HDFS (\`make bench\`: bench/rate.sh)

$N events (bench/produce: the game API's events, half purchases, $PARTITIONS partitions) in the local
backend's Kafka 3.9, once in LZ4 record batches and once uncompressed (as \`lab serve\` writes them);
each run a process of its own (bench/extractprof): \`extract.Run\` in overwrite mode reading every
event, keeping the purchases and writing them as snappy Parquet to the local backend's HDFS 3.4
(NameNode and DataNode on the same machine), $RUNS runs per row, alternating. Events/s are events
read per second of wall time (the whole run: metadata, fetches, Parquet, HDFS, commit). CPU is the
mean user+sys per event read of the extract's process and, in brackets, of the Kafka broker's.
$(nproc) cores, $(date -u +%Y-%m-%d), load average $load0 at the start and $load1 at the end.

| shape | record batches | median events/s | lowest–highest | CPU µs/event (broker) |
|---|---|---:|---:|---:|
${table%$'\n'}
MD
echo "rate:" >&2
printf '%s' "$table" >&2
