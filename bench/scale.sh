#!/usr/bin/env bash
# Scaling: extract (both shapes) and one stream batch over a backlog, at
# SIZES events (default 1M, 10M, 50M; half purchases), read from a real
# Kafka broker: the local backend's Kafka 3.9 (a stack started here, or
# KAFKA=host:port of a running one). Each run is a process of its own
# (bench/extractprof): wall, events/s, peak RSS (VmHWM), peak live heap.
# The Parquet goes to a local-disk warehouse (file://), so the figures are
# Kafka → Go → Parquet without HDFS's DataNode sharing the cores.
# Events are produced once (bench/produce), the topic growing from one size
# to the next. Writes the "scale" section of BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1000000 10000000 50000000"}
PARTITIONS=${PARTITIONS:-2}
make -s build >/dev/null
work=$(mktemp -d /tmp/lab-bench-scale-XXXXXX)
trap '[ -n "${started:-}" ] && bin/lab down --dir "$work/stack" >/dev/null 2>&1; rm -rf "$work"' EXIT
if [ -z "${KAFKA:-}" ]; then
  bin/lab up -d --stack local --dir "$work/stack" >"$work/up.out" 2>&1 || { cat "$work/up.out" >&2; exit 1; }
  started=1
  KAFKA=$(bin/lab env --dir "$work/stack" | sed -n 's/^LAB_KAFKA=//p')
  KAFKA_PID=$(python3 -c 'import json,sys; print(next(s["pid"] for s in json.load(open(sys.argv[1]))["services"] if s["name"]=="kafka"))' "$work/stack/state.json")
fi
# The broker's CPU seconds (user+sys) so far, when its pid is known (KAFKA_PID).
broker_cpu() { if [ -n "${KAFKA_PID:-}" ]; then awk '{printf "%.2f", ($14+$15)/100}' "/proc/$KAFKA_PID/stat"; else echo 0; fi; }
go build -o "$work/produce" ./bench/produce
go build -o "$work/extractprof" ./bench/extractprof
topic=scale-$(date +%s)
load() { awk '{print $1}' /proc/loadavg; }
log="$work/runs.log"
have=0
for n in $SIZES; do
  "$work/produce" -brokers "$KAFKA" -topic "$topic" -n $((n - have)) -partitions "$PARTITIONS" >&2
  have=$n
  for mode in "extract inferred" "extract explicit" "stream inferred"; do
    set -- $mode
    rm -rf "$work/wh"; mkdir -p "$work/wh"
    l0=$(load)
    b0=$(broker_cpu)
    out=$("$work/extractprof" -brokers "$KAFKA" -topic "$topic" -mode "$1" -shape "$2" -warehouse "file://$work/wh")
    b1=$(broker_cpu)
    echo "$out, broker CPU $(awk -v a="$b0" -v b="$b1" 'BEGIN {printf "%.2f", b - a}') s (load $l0 → $(load))" | tee -a "$log" >&2
  done
done
cell() { # a run's line → wall, events/s, peak RSS, CPU µs per event (the step's; the broker's), load
  awk '{for (i=1;i<=NF;i++) {if ($(i+1)=="s," && s=="") s=$i; if ($(i+1)=="events/s,") r=$i; if ($i=="RSS") m=$(i+1);
      if ($i=="CPU" && $(i-1)!="broker") c=$(i+1); if ($i=="CPU" && $(i-1)=="broker") b=$(i+1); if ($i=="read,") n=$(i-2); if ($i=="(load") l=$(i+1)}}
    END {if (s=="") print "not measured"; else printf "%s s, %s/s, %s MB, %.2f (%.2f) µs (load %s)", s, r, m, c*1e6/n, b*1e6/n, l}'
}
rows=""
for n in $SIZES; do
  rows+="| $n | $(grep "^extract inferred: $n " "$log" | cell) | $(grep "^extract explicit: $n " "$log" | cell) | $(grep "^stream: $n " "$log" | cell) |"$'\n'
done

go run ./tools/benchmd -section scale <<MD
## Scaling: extract and a stream backlog at 1M to 50M events (\`make bench\`: bench/scale.sh)

Events from bench/produce (the game API's events, half purchases, $PARTITIONS partitions, LZ4) in the local
backend's Kafka (real Kafka 3.9, a process on the same machine); each run a process of its own
(bench/extractprof): \`extract.Run\` in overwrite mode, inferred and explicit shapes, and one
\`lab stream\` batch (parquet sink, starting offsets earliest) over the whole backlog. Parquet to a
local-disk warehouse. Each cell: wall, events read per second, peak RSS (VmHWM), the CPU (user+sys)
per event read of the step's process and, in brackets, of the Kafka broker's over the same run, and
the load average when the run started. $(nproc) cores, $(date -u +%Y-%m-%d).

| events | extract inferred | extract explicit | stream batch |
|---:|---|---|---|
${rows%$'\n'}
MD
