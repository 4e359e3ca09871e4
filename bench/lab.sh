#!/usr/bin/env bash
# Wall time of `make lab` with a warm build on the embedded stack: the whole
# class, narrated, from `make lab` to its summary (stack start and stop included).
# Writes the "lab" section of BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
out=$(mktemp /tmp/lab-bench-XXXXXX.out)
trap 'rm -f "$out"' EXIT
make -s build >/dev/null  # the warm build
make -s lab >/dev/null     # warm the page cache
times=()
for _ in $(seq "$RUNS"); do
  start=$(date +%s.%N)
  make -s lab >"$out"
  end=$(date +%s.%N)
  times+=("$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.2f", b - a}')")
done
grep -q "── Summary" "$out" || { echo "bench/lab.sh: make lab printed no summary" >&2; exit 1; }
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
median=$(sed -n "$(( (RUNS + 1) / 2 ))p" <<<"$sorted")
worst=$(tail -1 <<<"$sorted")

go run ./tools/benchmd -section lab <<MD
## \`make lab\` wall time (\`make bench\`: bench/lab.sh)

\`make lab\` with a warm build on the embedded stack, $RUNS runs: the whole class from the
stack's start to its summary and the stack's stop (serve, the four ab runs, tail, extract,
Hive DDL, Presto queries, the explicit batch, the console stream, the Parquet stream with a
1 s trigger while ab loops). $(nproc) cores, $(date -u +%Y-%m-%d).

| median s | slowest s | aim |
|---:|---:|---:|
| $median | $worst | under 15 |
MD
echo "make lab: median ${median}s, slowest ${worst}s over $RUNS runs"
