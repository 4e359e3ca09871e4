#!/usr/bin/env bash
# Presto query time: BenchmarkPrestoCount and BenchmarkPrestoGroupBy in
# steps/presto, `select count(*)` and `select host, count(*) ... group by host`
# through presto-go-client over a 1,000,000-row Hive table (4 snappy Parquet
# files, 10 hosts), on each backend of BACKENDS (default: embedded; add local
# for the real Presto of the local backend; with LAB_DIR set, the running stack
# of `lab up -d --stack local --dir DIR`). Then the differential corpus's tally on
# the embedded stack (TestCorpus: answered as PrestoDB 0.287 did / refused /
# different). Writes the "presto" section of BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${COUNT:-20}
BACKENDS=${BACKENDS:-embedded}
rows=""
load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?")
for backend in $BACKENDS; do
  out=$(LAB_STACK=$backend go test -run '^$' -bench 'BenchmarkPresto' -benchtime "${COUNT}x" ./steps/presto/ 2>&1) || { echo "$out" >&2; exit 1; }
  echo "$out" | grep '^Benchmark' >&2
  ms() { awk -v s="$1-" 'index($1, s) == 1 { for (i = 2; i < NF; i++) if ($(i+1) == "ns/op") printf "%.1f", $i / 1e6 }' <<<"$out"; }
  count=$(ms BenchmarkPrestoCount); group=$(ms BenchmarkPrestoGroupBy)
  [ -n "$count" ] && [ -n "$group" ] || { echo "bench/presto.sh: no ns/op in the benchmark output" >&2; exit 1; }
  case $backend in
    embedded) what="embedded (DuckDB behind the Presto protocol, in process)" ;;
    local) what="local (real Presto server)" ;;
    *) what=$backend ;;
  esac
  rows+="| $what | $count | $group |"$'\n'
done

tally=$(go test -count=1 -run '^TestCorpus$' -v ./harness/embedded/presto/ | grep '^corpus: [0-9]') || { echo "bench/presto.sh: no corpus tally" >&2; exit 1; }
tally=${tally#corpus: }

go run ./tools/benchmd -section presto <<MD
## Presto queries (\`make bench\`: bench/presto.sh)

\`go test -bench BenchmarkPresto -benchtime ${COUNT}x ./steps/presto/\`: each query through
presto-go-client v2.1.1 (POST /v1/statement, then every nextUri), over a Hive table of
1,000,000 purchases in 4 snappy Parquet files on the stack's warehouse; the first run, not
timed, checks the answer (1,000,000; 10 hosts of 100,000). Milliseconds per query, wall clock
at the client. $(nproc) cores, load average $load at the start, $(date -u +%Y-%m-%d).

| backend | \`select count(*)\` ms | \`select host, count(*) ... group by host\` ms |
|---|---:|---:|
${rows%$'\n'}

The differential corpus (harness/embedded/presto/testdata/corpus, answers recorded from
PrestoDB 0.287), on the embedded stack: $tally.
MD
echo "presto: $(echo "$rows" | tr '\n' ' ')"
echo "corpus: $tally"
