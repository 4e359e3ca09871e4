#!/usr/bin/env bash
# The containers backend (issue 15) beside the local and embedded ones: image
# build cold and warm; stack start cold and warm and memory per service on
# containers and local (and embedded's start); the step suite's wall time on
# each. Needs a Docker engine (DOCKER_HOST, or
# the lab's own: eval "$(fixtures/images/dockerd.sh env)"), and for the local
# column Java 17+ and Maven. Writes the "containers" section of BENCHMARKS.md.
#   RUNS=N          warm starts (default 3)
#   COLD_BASE=1     the cold build also remakes the Debian base with debootstrap
#                   (root; otherwise its cached root filesystem is imported)
#   SUITE_STACKS    the stacks the step suite is timed on (default "embedded local containers")
#   LOCAL=0         leave the local backend's start and memory out
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
SUITE_STACKS=${SUITE_STACKS:-embedded local containers}
make -s build >/dev/null
work=$(mktemp -d /tmp/lab-bench-ctr-XXXXXX)
trap 'for d in "$work"/*/; do bin/lab down --dir "$d" >/dev/null 2>&1 || true; done; rm -rf "$work"' EXIT

secs() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", b - a}'; }
timed() { # log cmd...: run, print seconds
  local log=$1; shift
  local start; start=$(date +%s.%N)
  "$@" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
  secs "$start" "$(date +%s.%N)"
}

# Image build: cold (no lab image in the engine), then warm (nothing to do).
bin/lab images rm >/dev/null
if [ "${COLD_BASE:-}" = 1 ]; then rm -f ~/.cache/fullstack-lab/images/debian-bookworm-minbase.tar; fi
build_cold=$(timed "$work/build-cold.log" bin/lab images build)
build_warm=$(timed "$work/build-warm.log" bin/lab images build)
sizes=$(bin/lab images list | awk 'NR > 1 && $3 ~ /^[0-9]+$/ {printf "| %s | %s |\n", $1, $3}')
base_note="the Debian base imported from its cached root filesystem"
[ "${COLD_BASE:-}" = 1 ] && base_note="the Debian base made anew with debootstrap"

# Stack start: the first after the build (cold), then RUNS more (warm).
start_cold=$(timed "$work/cold.out" bin/lab up -d --stack containers --dir "$work/cold")
bin/lab down --dir "$work/cold" >/dev/null
warm=()
for i in $(seq "$RUNS"); do
  warm+=("$(timed "$work/warm$i.out" bin/lab up -d --stack containers --dir "$work/warm$i")")
  if [ "$i" -lt "$RUNS" ]; then bin/lab down --dir "$work/warm$i" >/dev/null; fi
done
sorted=$(printf '%s\n' "${warm[@]}" | sort -n)
median=$(sed -n "$(( (RUNS + 1) / 2 ))p" <<<"$sorted")
worst=$(tail -1 <<<"$sorted")

# Memory of each container of the last warm stack, idle (docker stats), in MiB.
ids=$(docker ps -q --filter "label=org.fullstack-lab.owner" --filter "label=org.fullstack-lab.service")
declare -A ctr_mem loc_mem
while read -r name mem; do ctr_mem[$name]=$mem; done < <(docker stats --no-stream --format '{{.Name}} {{.MemUsage}}' $ids |
  awk '{sub(/^lab-[0-9a-f]+-/, "", $1); v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[A-Za-z]+$/, "", v);
        if (u == "GiB") v *= 1024; else if (u == "KiB") v /= 1024; printf "%s %.0f\n", $1, v}')

# The local backend: the first start on a new directory (HDFS formatted, the
# metastore's schema made), then RUNS restarts on the same directory; the RSS
# of each service's process, idle, from the state file's pids.
median_of() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
slowest_of() { printf '%s\n' "$@" | sort -n | tail -1; }
if [ "${LOCAL:-1}" = 1 ]; then
  loc_first=$(timed "$work/local0.out" bin/lab up -d --stack local --dir "$work/local")
  loc_warm=()
  for i in $(seq "$RUNS"); do
    bin/lab down --dir "$work/local" >/dev/null
    loc_warm+=("$(timed "$work/local$i.out" bin/lab up -d --stack local --dir "$work/local")")
  done
  while read -r name mem; do loc_mem[$name]=$mem; done < <(python3 - "$work/local/state.json" <<'PY'
import json, sys
st = json.load(open(sys.argv[1]))
for s in st.get("services") or st.get("endpoints", {}).get("services", []):
    try:
        rss = [l for l in open(f"/proc/{s['pid']}/status") if l.startswith("VmRSS:")][0].split()[1]
        print(s["name"], round(int(rss) / 1024))
    except (OSError, KeyError, IndexError):
        pass
PY
)
  bin/lab down --dir "$work/local" >/dev/null
fi
emb_start=$(timed "$work/emb.out" bin/lab up -d --stack embedded --dir "$work/emb")
bin/lab down --dir "$work/emb" >/dev/null
mem_rows=""
for svc in zookeeper kafka namenode datanode metastore presto; do
  mem_rows+="| $svc | ${ctr_mem[$svc]:--} | ${loc_mem[$svc]:--} |"$'\n'
done

# The step suite on one stack of each kind, the stack already up.
suite_rows=""
for s in $SUITE_STACKS; do
  dir="$work/suite-$s"
  if [ "$s" = containers ]; then dir="$work/warm$RUNS"; else bin/lab up -d --stack "$s" --dir "$dir" >/dev/null; fi
  t=$(timed "$work/suite-$s.log" env LAB_STACK="$s" LAB_DIR="$dir" go test -count=1 -timeout 30m ./steps/...)
  suite_rows+="| $s | $t |"$'\n'
  bin/lab down --dir "$dir" >/dev/null
done

go run ./tools/benchmd -section containers <<MD
## Containers backend (\`make bench\`: bench/containers.sh)

Docker $(docker version --format '{{.Server.Version}}'), $(nproc) cores, $(date -u +%Y-%m-%d); RUNS=$RUNS SUITE_STACKS="$SUITE_STACKS",
load average $(cut -d' ' -f1-3 /proc/loadavg) at the end.
Image build: \`bin/lab images build\` with no lab image in the engine ($base_note, the jars from
the local backend's cache), then again with all of them there. Stack start: \`bin/lab up -d --stack
containers\` until it returns, every service answering over its protocol; the first start after
the build, then $RUNS more, each a new stack (new containers, HDFS formatted, the metastore's schema made).

| | seconds |
|---|---:|
| images, cold build | $build_cold |
| images, warm (nothing to build) | $build_warm |

Stack start, \`bin/lab up -d --stack S\` until it returns, every service answering over its protocol
(containers: each start a new stack; local: the first on a new directory, then $RUNS restarts on
it, \`lab down\` between; embedded: one start):

| seconds | containers | local | embedded |
|---|---:|---:|---:|
| first start | $start_cold | ${loc_first:--} | $emb_start |
| warm median | $median | $( [ "${LOCAL:-1}" = 1 ] && median_of "${loc_warm[@]}" || echo -) | |
| warm slowest | $worst | $( [ "${LOCAL:-1}" = 1 ] && slowest_of "${loc_warm[@]}" || echo -) | |

Image sizes (MB, as the engine reports them):

| image | MB |
|---|---:|
$sizes

Memory of each service of an idle stack, MiB (containers: \`docker stats\`; local: the RSS of its process):

| service | containers | local |
|---|---:|---:|
${mem_rows%$'\n'}

The step suite, \`go test -count=1 ./steps/...\` on a running stack of each kind (wall seconds):

| stack | seconds |
|---|---:|
${suite_rows%$'\n'}
MD
echo "containers: build cold ${build_cold}s warm ${build_warm}s; start first ${start_cold}s warm median ${median}s"
