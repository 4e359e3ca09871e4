#!/usr/bin/env bash
# Serve throughput: the real Apache Bench (ab -c 50 -n 20000; without keep-alive
# ROUNDS runs alternating with the ceiling, medians compared), without and with
# keep-alive, against `lab serve` on the embedded stack (Kafka in another
# process), every event acknowledged and counted afterwards; and, in the same
# run, against the same routes answering without logging (the HTTP ceiling);
# then, for scale, the class's own Flask app (fixtures/class/game_api.py, with
# kafka-python, run by `flask run` from a venv made here) against the same Kafka,
# ab -c 50 -n 3000 (FLASK_N), its events counted after it exits. Without python3,
# venv or pip, that row is left out and the section says so.
# Writes the "serve" section of BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-20000}
C=${C:-50}
ROUNDS=${ROUNDS:-5}
FLASK_N=${FLASK_N:-3000}
# LINGER: lab serve's --linger (empty: its default, 1ms; -1ns: none), to see what it buys.
LINGER=${LINGER:-}
command -v ab >/dev/null || { echo "bench/serve.sh: ab not found: apt-get install apache2-utils" >&2; exit 1; }

tmp=$(mktemp -d)
lab="$tmp/lab"
go build -o "$lab" ./lab
export LAB_DIR="$tmp/stack"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  "$lab" down >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

"$lab" up -d >/dev/null
stack_pid=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["pid"])' "$LAB_DIR/state.json")
cpu_of() { awk '{printf "%.2f", ($14+$15)/100}' "/proc/$1/stat"; } # user+sys CPU seconds of a process
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { for _ in $(seq 1 200); do curl -s -o /dev/null "$1" && return 0; sleep 0.05; done; echo "no answer from $1" >&2; return 1; }

api_port=$(free_port)
"$lab" serve --addr "127.0.0.1:$api_port" --topic bench ${LINGER:+--linger "$LINGER"} >"$tmp/serve.log" 2>&1 & pids+=($!)
api_pid=$!
bare_port=$(free_port)
"$lab" serve --bare --addr "127.0.0.1:$bare_port" >"$tmp/bare.log" 2>&1 & pids+=($!)
bare_pid=$!
wait_http "http://127.0.0.1:$bare_port/purchase_a_sword"
# warm-up request also creates the topic; it is counted below.
wait_http "http://127.0.0.1:$api_port/purchase_a_sword"

rps() { # ab args... → requests/s; fails if any request failed or was not 2xx. ab's CPU seconds go to $tmp/ab.cpu.
  local out
  # bash's times (run by the shell that waited for ab, not in a pipe): the second
  # line is the children's user and sys CPU, as 0m1.234s.
  out=$(bash -c 'ab -q "$@" 2>&1; times >&2' _ "$@" 2>"$tmp/ab.times")
  tail -n 1 "$tmp/ab.times" | tr -d s | awk '{split($1, u, "m"); split($2, k, "m"); print u[1]*60 + u[2] + k[1]*60 + k[2]}' >"$tmp/ab.cpu"
  if grep -qE '^(Non-2xx responses|Failed requests: +[1-9])' <<<"$out" || ! grep -q '^Requests per second' <<<"$out"; then echo "$out" >&2; return 1; fi
  awk '/^Requests per second/ {print $4}' <<<"$out"
}
# CPU per request (µs, user+sys) of a process over the runs: the server's, the broker's.
us_per_req() { awk -v a="$1" -v b="$2" -v n="$((ROUNDS * N))" 'BEGIN {printf "%.0f", (b - a) * 1e6 / n}'; }
median() { tr ' ' '\n' | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
# Without keep-alive: ROUNDS runs of each, alternating (bare, then the API), so
# that a change in the machine's other load falls on both; medians compared.
load0=$(awk '{print $1}' /proc/loadavg)
bare_cpu=0; api_cpu=0; broker_cpu=0; bare_runs=; api_runs=; round_ratios=
for _ in $(seq 1 "$ROUNDS"); do
  c0=$(cpu_of "$bare_pid")
  b=$(rps -c "$C" -n "$N" "http://127.0.0.1:$bare_port/purchase_a_sword")
  bare_runs+=" $b"
  ab_cpu=$(awk -v t="${ab_cpu:-0}" '{print t + $1}' "$tmp/ab.cpu")
  bare_cpu=$(awk -v t="$bare_cpu" -v a="$c0" -v b="$(cpu_of "$bare_pid")" 'BEGIN {print t + b - a}')
  c0=$(cpu_of "$api_pid"); k0=$(cpu_of "$stack_pid")
  a=$(rps -c "$C" -n "$N" "http://127.0.0.1:$api_port/purchase_a_sword")
  api_runs+=" $a"
  round_ratios+=" $(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.2f", a / b}')"
  api_cpu=$(awk -v t="$api_cpu" -v a="$c0" -v b="$(cpu_of "$api_pid")" 'BEGIN {print t + b - a}')
  broker_cpu=$(awk -v t="$broker_cpu" -v a="$k0" -v b="$(cpu_of "$stack_pid")" 'BEGIN {print t + b - a}')
done
ceiling=$(median <<<"${bare_runs# }"); api=$(median <<<"${api_runs# }")
bare_us=$(us_per_req 0 "$bare_cpu"); api_us=$(us_per_req 0 "$api_cpu"); broker_us=$(us_per_req 0 "$broker_cpu")
ab_us=$(us_per_req 0 "$ab_cpu")
# If the cores are the limit, the ratio the CPU allows: (bare + ab) / (API + broker + ab).
cpu_ratio=$(awk -v b="$bare_us" -v a="$api_us" -v k="$broker_us" -v c="$ab_us" 'BEGIN {printf "%.2f", (b + c) / (a + k + c)}')
ceiling_k=$(rps -k -c "$C" -n "$N" "http://127.0.0.1:$bare_port/purchase_a_sword")
api_k=$(rps -k -c "$C" -n "$N" "http://127.0.0.1:$api_port/purchase_a_sword")
load1=$(awk '{print $1}' /proc/loadavg)
events=$("$lab" tail -t bench -o beginning -e 2>/dev/null | wc -l)
want=$(((ROUNDS + 1) * N + 1))
[ "$events" -eq "$want" ] || { echo "bench/serve.sh: $events events in Kafka, want $want" >&2; exit 1; }
ratio=$(awk -v a="$api" -v c="$ceiling" 'BEGIN {printf "%.2f", a / c}')
round_ratio=$(median <<<"${round_ratios# }")
ratio_k=$(awk -v a="$api_k" -v c="$ceiling_k" 'BEGIN {printf "%.2f", a / c}')

# The class's Flask app, from a venv in $tmp, against the same Kafka.
req=fixtures/class/requirements.txt
flask_skip=
venv="$tmp/venv"
if ! command -v python3 >/dev/null; then
  flask_skip="python3 not found"
elif ! python3 -m venv "$venv" >"$tmp/venv.log" 2>&1; then
  flask_skip="python3 -m venv failed (apt-get install python3-venv?)"
elif ! "$venv/bin/pip" install -q -r "$req" >>"$tmp/venv.log" 2>&1; then
  flask_skip="pip install -r $req failed"
fi
flask_row=
if [ -n "$flask_skip" ]; then
  echo "bench/serve.sh: the class's Flask app is left out: $flask_skip" >&2
  tail -n 5 "$tmp/venv.log" >&2 2>/dev/null || true
  flask_md="The class's Flask app (fixtures/class/game_api.py) was not measured: $flask_skip."
else
  kafka=$("$lab" env | sed -n 's/^LAB_KAFKA=//p')
  [ -n "$kafka" ] || { echo "bench/serve.sh: no LAB_KAFKA in lab env" >&2; exit 1; }
  # The class's app as it is: kafka-python 2.0.2 asks for metadata with v1, and
  # the broker creates 'events' (the topic game_api.py hard-codes) on that request.
  flask_port=$(free_port)
  # In a process group of its own (set -m): a script's background job otherwise
  # starts with SIGINT ignored, and the SIGINT below would not stop it.
  set -m
  KAFKA_BOOTSTRAP="$kafka" FLASK_APP=fixtures/class/game_api.py \
    "$venv/bin/flask" run --host 127.0.0.1 --port "$flask_port" >"$tmp/flask.log" 2>&1 &
  flask_pid=$!
  set +m
  pids+=("$flask_pid")
  # warm-up request: one event on 'events', counted below.
  wait_http "http://127.0.0.1:$flask_port/purchase_a_sword"
  flask=$(rps -c "$C" -n "$FLASK_N" "http://127.0.0.1:$flask_port/purchase_a_sword") || {
    tail -n 20 "$tmp/flask.log" >&2; exit 1; }
  # producer.send is asynchronous: the app is stopped as with Ctrl-C (SIGINT),
  # so that kafka-python's atexit handler closes the producer, which flushes.
  kill -INT "$flask_pid"
  for _ in $(seq 1 400); do kill -0 "$flask_pid" 2>/dev/null || break; sleep 0.05; done
  if kill -0 "$flask_pid" 2>/dev/null; then
    echo "bench/serve.sh: the Flask app still runs 20 s after SIGINT: killed" >&2
    kill -KILL "$flask_pid" 2>/dev/null || true
  fi
  wait "$flask_pid" 2>/dev/null || true
  flask_events=$("$lab" tail -t events -o beginning -e 2>/dev/null | wc -l)
  flask_want=$((FLASK_N + 1))
  [ "$flask_events" -eq "$flask_want" ] || echo "bench/serve.sh: $flask_events of $flask_want Flask events in Kafka" >&2
  flask_ratio=$(awk -v a="$api" -v f="$flask" 'BEGIN {printf "%.1f", a / f}')
  flask_versions="Flask $(sed -n 's/^Flask==//p' "$req"), kafka-python $(sed -n 's/^kafka-python==//p' "$req")"
  py_version=$("$venv/bin/python" -c 'import platform; print(platform.python_version())')
  flask_row=$'\n'"| the class's Flask app (game_api.py, without keep-alive, \`-n $FLASK_N\`) | $flask | | |"
  flask_md="The class's Flask app: fixtures/class/game_api.py (the class's code, Kafka's address
from \`KAFKA_BOOTSTRAP\`), $flask_versions on Python $py_version, run as the class did,
\`FLASK_APP=fixtures/class/game_api.py flask run\` (Werkzeug's development server), logging to
the same Kafka; the same \`ab -c $C\` without keep-alive, \`-n $FLASK_N\`. kafka-python sends
asynchronously: after the app's exit on SIGINT, $flask_events of $flask_want events were in Kafka
(\`lab tail -t events -e\`). \`lab serve\` without keep-alive serves ${flask_ratio}× its requests/s."
fi

# With LINGER set the run is a comparison: printed, not written to BENCHMARKS.md.
{ if [ -n "$LINGER" ]; then cat >/dev/null; else go run ./tools/benchmd -section serve; fi; } <<MD
## Serve throughput (\`make bench\`: bench/serve.sh)

The real Apache Bench, \`ab -c $C -n $N\`, against \`lab serve\` logging to the embedded
stack's Kafka (kfake, in the \`lab up -d\` process); every event acknowledged before its 200
and counted afterwards with \`lab tail -e\` ($events of $want). The ceiling is the same
routes answering without logging (\`lab serve --bare\`). $(nproc) cores, $(date -u +%Y-%m-%d), load average
$load0 at the start and $load1 after the runs.

| | requests/s | ceiling (no logging) | ratio |
|---|---:|---:|---:|
| \`lab serve\`, without keep-alive (median of $ROUNDS) | $api | $ceiling | $ratio |
| \`lab serve\`, keep-alive (\`-k\`) | $api_k | $ceiling_k | $ratio_k |$flask_row

Without keep-alive, $ROUNDS runs of each, alternating (bare, then the API): bare${bare_runs},
API${api_runs} requests/s; the ratio in each round${round_ratios}, median $round_ratio. CPU per request without keep-alive (user+sys over the run, from /proc): the bare server
$bare_us µs; \`lab serve\` $api_us µs, and the broker (kfake, the \`lab up -d\` process)
$broker_us µs more for the produce requests; ab (the bare runs) $ab_us µs. Were the cores the
only limit, the ratio would be (bare + ab) / (API + broker + ab) = $cpu_ratio.

What the profiles showed (\`bench/serveprof\`, with \`-bare\` for the ceiling, and
\`bench/brokerprof\`, under the same ab): about half of either server's CPU is the kernel's
(accept, read, write, close). What the API adds per request is its wait for the
acknowledgement (a channel and a park), more scheduling, and its share of one produce request
per batch. kafka-go's \`kafka.Writer\` cost more than the request it sends (goroutines per
batch, a copy of each message): the API writes each batch with kafka-go's \`kafka.Conn\` to a
partition's leader, acks=all, and keeps the requests' deadlines in its one loop instead of a
timer per request. The broker's CPU (kfake) is mostly per produce request (its goroutine
handoffs, the socket, a file write per batch to its data directory), so it falls as batches
grow: while a connection's request is still being read, the loop waits for its event up to
1 ms (\`--linger\`, only after a batch of more than one event). To see what that buys, run
\`LINGER=-1ns bash bench/serve.sh\` (no waiting; printed, not written here).

$flask_md
MD
echo "serve: $api req/s (ceiling $ceiling, ratio $ratio; per round${round_ratios}, median $round_ratio); keep-alive $api_k req/s (ceiling $ceiling_k, ratio $ratio_k); $events events; CPU µs/request: bare $bare_us, serve $api_us + broker $broker_us, ab $ab_us (CPU-bound ratio $cpu_ratio); load $load0 → $load1"
[ -n "$flask_skip" ] || echo "serve: the class's Flask app $flask req/s (lab serve ${flask_ratio}x); $flask_events of $flask_want events"
