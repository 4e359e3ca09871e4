#!/usr/bin/env bash
# Stream latency and throughput: BenchmarkStreamLatency and BenchmarkStreamBacklog
# in steps/stream, on each backend of BACKENDS (default: embedded). Latency is
# from a purchase's HTTP 200 (game API → Kafka) to the first Presto answer that
# holds its row (stream with a 1 s trigger → Parquet → Hive table → Presto),
# at RATE purchases/s for DURATION seconds; throughput is the stream's own rate over a
# backlog of RECORDS records. Writes the "stream" section of BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
BACKENDS=${BACKENDS:-embedded}
export STREAM_BENCH_RATE=${RATE:-200} STREAM_BENCH_SECONDS=${DURATION:-20} STREAM_BENCH_RECORDS=${RECORDS:-1000000}
rows=""
for backend in $BACKENDS; do
  out=$(LAB_STACK=$backend go test -run '^$' -bench 'BenchmarkStream' -benchtime 1x -timeout 10m ./steps/stream/ 2>&1) || { echo "$out" >&2; exit 1; }
  echo "$out" | grep '^Benchmark' >&2
  metric() { awk -v b="$1-" -v u="$2" 'index($1, b) == 1 { for (i = 2; i < NF; i++) if ($(i+1) == u) printf "%.0f", $i }' <<<"$out"; }
  p50=$(metric BenchmarkStreamLatency p50-ms); p99=$(metric BenchmarkStreamLatency p99-ms)
  rate=$(metric BenchmarkStreamLatency purchases/s); n=$(metric BenchmarkStreamLatency purchases)
  backlog=$(metric BenchmarkStreamBacklog records/s)
  sustained=$(metric BenchmarkStreamSustained purchases/s)
  drain=$(awk -v b="BenchmarkStreamSustained-" 'index($1, b) == 1 { for (i = 2; i < NF; i++) if ($(i+1) == "drain-s") printf "%.1f", $i }' <<<"$out")
  [ -n "$p50" ] && [ -n "$p99" ] && [ -n "$backlog" ] && [ -n "$sustained" ] || { echo "bench/stream.sh: metrics missing from the benchmark output" >&2; exit 1; }
  rows+="| $backend | $rate ($n purchases) | $p50 | $p99 | $sustained | $drain | $backlog |"$'\n'
done

go run ./tools/benchmd -section stream <<MD
## Stream latency and throughput (\`make bench\`: bench/stream.sh)

\`go test -bench BenchmarkStream -benchtime 1x ./steps/stream/\`. Latency: purchases sent to the
game API at a steady rate for ${STREAM_BENCH_SECONDS} s, each with a Host of its own; the stream step's query (what
\`lab stream --sink parquet --trigger 1s\` runs, in the benchmark's process) writes one Parquet file per batch; a Hive table over the
directory is polled through Presto (\`select host from ...\`, every 20 ms plus the query's time).
A purchase's latency runs from its HTTP 200 to the first Presto answer holding its row; every
purchase sent was seen, and \`count(*)\` equals the purchases sent (none twice). Throughput: one batch over a backlog of
${STREAM_BENCH_RECORDS} records (half purchases) already in Kafka, read, filtered, flattened and written
as one snappy Parquet file. Sustained: the game API loaded as fast as it answers (the bench
step, \`ab -c 50 -k\`, for ${STREAM_BENCH_SECONDS} s, every request a purchase) while the stream
writes with a 1 s trigger: purchases answered 200 over the time from the load's start to the
commit of the batch holding the last of them, every one written once; drain is the time from
the load's end to that commit (about one trigger when the stream keeps up).
$(nproc) cores, $(date -u +%Y-%m-%d).

| backend | purchases/s offered (sent) | latency p50 ms | latency p99 ms | sustained purchases/s | drain s | stream backlog records/s |
|---|---:|---:|---:|---:|---:|---:|
${rows%$'\n'}

With a 1 s trigger a purchase waits on average half a trigger for its batch: p50 ≈ 500 ms and
p99 ≈ one trigger are the trigger's share, the rest is Kafka, the batch and the Presto poll.
On the local backend a real coordinator plans and schedules every poll (a few hundred ms each,
see the Presto section) and the files go to HDFS, which is where its extra latency comes from.
MD
echo "stream: $(echo "$rows" | tr '\n' ' ')"
