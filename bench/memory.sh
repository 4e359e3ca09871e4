#!/usr/bin/env bash
# Flat memory: BenchmarkMemoryFlat in steps/extract, each extract in a
# process of its own (the benchmark's process holds the embedded broker's
# records): peak live heap (the largest a GC found) and peak RSS at 1,000,000
# and 10,000,000 events, both shapes, default row groups. The benchmark fails
# if the 10M peak passes the 1M peak by more than a third plus 6 MB.
# Writes the "memory" section of BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(go test -run '^$' -bench 'BenchmarkMemoryFlat' -benchtime 1x -timeout 60m ./steps/extract/ 2>&1) || { echo "$out" >&2; exit 1; }
echo "$out" | grep -E '^Benchmark|memory_test' >&2
metric() { awk -v u="$1" '$1 ~ /^BenchmarkMemoryFlat/ { for (i = 2; i < NF; i++) if ($(i+1) == u) printf "%.1f", $i }' <<<"$out"; }
row() { echo "| $1 | $(metric "$1-1M-live-MB") | $(metric "$1-10M-live-MB") | $(metric "$1-1M-RSS-MB") | $(metric "$1-10M-RSS-MB") |"; }
go run ./tools/benchmd -section memory <<MD
## Flat memory (\`make bench\`: bench/memory.sh)

\`go test -bench BenchmarkMemoryFlat -benchtime 1x ./steps/extract/\`: \`extract.Run\` over 1,000,000 and
then 10,000,000 events (half purchases, one partition of the embedded Kafka), each run in a child
process so that only the extract is measured. Peak live heap is the largest live heap a GC found
(runtime/metrics \`/gc/heap/live:bytes\`); peak RSS is the child's VmHWM (the test binary, DuckDB
linked in, included). Default limits: row groups of 131,072 rows; the inferred shape holds one row
group to fix its schema, then streams. $(nproc) cores, $(date -u +%Y-%m-%d).

| shape | 1M peak live MB | 10M peak live MB | 1M peak RSS MB | 10M peak RSS MB |
|---|---:|---:|---:|---:|
$(row inferred)
$(row explicit)

Before (issue 20): the inferred shape held every row until the end, ~35 MB more per million events
(476 MB RSS at 12M events).
MD
