#!/usr/bin/env bash
# Extract throughput: BenchmarkExtract1M in steps/extract, 1,000,000 purchase
# events produced to the embedded stack's Kafka (kfake, in the benchmark's own
# process), then read back from Kafka, parsed, flattened and written as snappy
# Parquet to the warehouse, every event kept. Kafka read included, production not.
# Writes the "extract" section of BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${COUNT:-3}
go test -c -o /dev/null ./steps/extract/ # build first: the load average below is the machine's, not this build's
load0=$(awk '{print $1}' /proc/loadavg)
out=$(go test -run '^$' -bench 'BenchmarkExtract1M' -benchtime "${COUNT}x" -benchmem ./steps/extract/ 2>&1) || { echo "$out" >&2; exit 1; }
echo "$out" | grep '^Benchmark' >&2
field() { # shape unit → value
  awk -v s="BenchmarkExtract1M/$1-" -v u="$2" 'index($1, s) == 1 { for (i = 2; i < NF; i++) if ($(i+1) == u) print $i }' <<<"$out"
}
inf=$(field inferred events/s); exp=$(field explicit events/s)
inf_s=$(awk -v ns="$(field inferred ns/op)" 'BEGIN {printf "%.2f", ns / 1e9}')
exp_s=$(awk -v ns="$(field explicit ns/op)" 'BEGIN {printf "%.2f", ns / 1e9}')
[ -n "$inf" ] && [ -n "$exp" ] || { echo "bench/extract.sh: no events/s in the benchmark output" >&2; exit 1; }

go run ./tools/benchmd -section extract <<MD
## Extract throughput (\`make bench\`: bench/extract.sh)

\`go test -bench BenchmarkExtract1M -benchtime ${COUNT}x ./steps/extract/\`: 1,000,000 purchase events
(~100 bytes of JSON each) on one partition of the embedded stack's Kafka (kfake, in the same
process, sharing the cores), read from the earliest to the latest offset with kafka-go, parsed,
filtered, flattened and written as one snappy Parquet part file (+ \`_SUCCESS\`) in overwrite mode;
every event is kept, so every one is written. Producing the events is not timed.
$(nproc) cores, $(date -u +%Y-%m-%d), load average $load0 at the start.

| shape | seconds per run | events/s |
|---|---:|---:|
| inferred (\`Row(timestamp=..., **event)\`) | $inf_s | $(printf '%.0f' "$inf") |
| explicit (\`raw_event\`, \`timestamp\`, 4 fields) | $exp_s | $(printf '%.0f' "$exp") |

Aim (issue 4): 500,000 events/s or more on 2 cores, Kafka read included.
MD
echo "extract: inferred $inf events/s, explicit $exp events/s"
