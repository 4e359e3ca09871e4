#!/usr/bin/env bash
# The class's PySpark jobs beside the Go steps (issue 17), on each backend of
# BACKENDS (default: embedded): BenchmarkSparkVsExtract and
# BenchmarkStreamLatency in sparktest, against a stack started here with
# `lab up -d` and stopped afterwards. Writes the "spark" section of
# BENCHMARKS.md. Needs what `make test-spark` needs (.ci/spark.sh installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
BACKENDS=${BACKENDS:-embedded}
export SPARK_BENCH_EVENTS=${EVENTS:-1000000} SPARK_BENCH_SENDS=${SENDS:-8}
make build >/dev/null
load0=$(cut -d' ' -f1 /proc/loadavg)
rows=""; lat=""
for backend in $BACKENDS; do
  dir=$(mktemp -d /tmp/lab-spark-bench-XXXXXX)
  trap 'bin/lab down --dir "$dir" >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
  bin/lab up -d --stack "$backend" --dir "$dir" >/dev/null
  out=$(LAB_SPARK=1 LAB_DIR=$dir LAB_BIN=$PWD/bin/lab go test -run '^$' -bench 'BenchmarkSparkVsExtract|BenchmarkStreamLatency' \
        -benchtime 1x -timeout 60m ./sparktest/ 2>&1) || { echo "$out" >&2; exit 1; }
  bin/lab down --dir "$dir" >/dev/null 2>&1 || true; rm -rf "$dir"; trap - EXIT
  echo "$out" | grep '^Benchmark' >&2
  metric() { awk -v b="$1-" -v u="$2" 'index($1, b) == 1 { for (i = 2; i < NF; i++) if ($(i+1) == u) printf "%s", $i }' <<<"$out"; }
  r() { printf "%.${2:-0}f" "$(metric BenchmarkSparkVsExtract "$1")"; }
  [ -n "$(metric BenchmarkSparkVsExtract ratio)" ] || { echo "bench/spark.sh: metrics missing from the benchmark output" >&2; exit 1; }
  rows+="| $backend | filtered_writes.py (PySpark, \`local[2]\`) | $(r spark-s 1) | $(r spark-events/s) | $(r spark-MiB) |"$'\n'
  rows+="| $backend | \`lab extract\` | $(r lab-s 2) | $(r lab-events/s) | $(r lab-MiB) |"$'\n'
  rows+="| $backend | ratio (Spark's time / the lab's) | $(r ratio 1)× | | |"$'\n'
  for c in parquet-10s console-asap; do
    l() { printf "%.0f" "$(metric "BenchmarkStreamLatency/$c" "$1")"; }
    lat+="| $backend | $c | $(l spark-p50-ms) | $(l spark-max-ms) | $(l lab-p50-ms) | $(l lab-max-ms) | $(l purchases) |"$'\n'
  done
done

go run ./tools/benchmd -section spark <<MD
## The class's Spark jobs beside the Go steps (\`make bench\`: bench/spark.sh)

\`go test -bench 'BenchmarkSparkVsExtract|BenchmarkStreamLatency' -benchtime 1x ./sparktest/\` against a stack of
its own (\`lab up -d\`). Batch: ${SPARK_BENCH_EVENTS} events (half purchases, ~100 bytes of JSON) on one
partition of the stack's Kafka; fixtures/class/filtered_writes.py with \`lab spark-submit\` (PySpark
3.5.7, \`local[2]\`, JVM start included), then \`lab extract\` (the inferred shape) over the same
topic, in the same run, one after the other. Memory: the peak of the summed RSS of the command's
process tree (JVM, Python driver and workers for Spark), sampled every 50 ms.
$(nproc) cores shared with the machine's other work (1-minute load average ${load0} at the start,
$(cut -d' ' -f1 /proc/loadavg) at the end), $(date -u +%Y-%m-%d).

| backend | job | seconds | events/s | peak MiB |
|---|---|---:|---:|---:|
${rows%$'\n'}

Stream latency: each class streaming job beside \`lab stream\` with the same trigger, running at
the same time on the same topic; ${SPARK_BENCH_SENDS} purchases, one every 2.3 s (out of step with the
triggers). A purchase's latency runs from the broker's acknowledgement to the line reporting the
batch that holds it committed (Spark's progress report as \`lab spark-submit\` prints it; \`lab
stream\`'s batch line). parquet-10s: write_swords_stream.py (\`processingTime="10 seconds"\`) and
\`lab stream --sink parquet --trigger 10s\`; console-asap: filter_swords_stream.py (no trigger:
the next batch as soon as the last ends) and \`lab stream --trigger 100ms\`.

| backend | jobs | Spark p50 ms | Spark max ms | lab p50 ms | lab max ms | purchases |
|---|---|---:|---:|---:|---:|---:|
${lat%$'\n'}

With a 10 s trigger a purchase waits on average half a trigger for its batch, on both sides;
the rest is the batch itself.
MD
echo "spark: $(echo "$rows" | tr '\n' ' ')"
