#!/usr/bin/env bash
# CPU profile of Tollgate's forwarding path: the harness's mock upstream and `node --cpu-prof … serve`
# pinned to the server core, wrk pinned to the load core, then the top self-time functions.
#
#   bench/profile.sh [--duration 10] [--conns 50] [--warmup 2] [--out DIR]
#
# Everything binds to and targets 127.0.0.1; wrk runs are bounded by -d and `timeout`.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
bench="$repo/bench"
# shellcheck source=bench/lib.sh
. "$bench/lib.sh"

duration=10 conns=50 warmup=2 out="" lg_core=0 srv_core=1
port=${TOLLGATE_BENCH_PORT:-9100}
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --conns) conns=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) die "unknown option $1" ;;
  esac
done

harness=$(tg_harness)
hdir=$(dirname "$harness")
for p in 9001 "$port"; do port_busy "$p" && die "port $p on 127.0.0.1 is busy (is a benchmark running?)"; done
command -v wrk >/dev/null || die "wrk is not installed (the harness's setup.sh installs it)"

out=${out:-$bench/results/profile-$(date -u +%Y-%m-%dT%H-%M-%SZ)-c$conns}
mkdir -p "$out/cpuprofile"
out=$(cd "$out" && pwd)

tg_build
mock_pid="" tg_pid=""
cleanup() {
  for p in $tg_pid $mock_pid; do kill -TERM "$p" 2>/dev/null || true; done
  for p in $tg_pid $mock_pid; do wait "$p" 2>/dev/null || true; done
  tg_drop_pg_database
  rm -rf "${data:-}"
}
trap cleanup EXIT
tg_make_data
tg_build_info >"$out/tollgate-build.txt"

# Pinning prefixes. Servers are started as simple commands (taskset → env → node all exec), so $! is node's pid:
# SIGINT reaches node itself, and its CPU ticks are read from /proc/$!/stat.
tg_pins "$srv_core" "$lg_core"

"${srv_pin[@]}" env PORT=9001 HOST=127.0.0.1 node "$hdir/mock-upstream.mjs" >"$out/mock.log" 2>&1 &
mock_pid=$!
"${srv_pin[@]}" "${tg_env[@]}" TOLLGATE_HOST=127.0.0.1 TOLLGATE_PORT="$port" \
  node --cpu-prof --cpu-prof-dir="$out/cpuprofile" "$main_js" serve >"$out/tollgate.log" 2>&1 &
tg_pid=$!

url="http://127.0.0.1:$port/v1/chat/completions"
tg_wait_ok "$url" "$key" "$hdir/body.json" || die "tollgate did not answer 200 on $url (log: $out/tollgate.log)"
tg_wrk_script "$out/post.lua" "$key" "$hdir/body.json"
wrk_run() { "${lg_pin[@]}" timeout -k 5 $(($1 + 20)) wrk -t1 -c"$conns" -d"$1"s --timeout 5s --latency -s "$out/post.lua" "$url"; }

say "warm-up ${warmup}s, then ${duration}s at $conns connections"
wrk_run "$warmup" >/dev/null
t0=$(tg_ticks "$tg_pid")
wrk_run "$duration" | tee "$out/wrk.txt"
t1=$(tg_ticks "$tg_pid")
reqs=$(awk '/requests in/ {print $1}' "$out/wrk.txt")
echo "tollgate CPU under the profiler: $(( (t1 - t0) * 1000000 / $(getconf CLK_TCK) / (reqs > 0 ? reqs : 1) )) µs/request (profiling adds overhead)" | tee -a "$out/wrk.txt"

say "stopping tollgate (SIGINT) so it writes the profile"
kill -INT "$tg_pid"
for _ in $(seq 1 400); do kill -0 "$tg_pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$tg_pid" 2>/dev/null; then say "tollgate still running after 40 s: second SIGINT (exits at once)"; kill -INT "$tg_pid"; sleep 2; fi
wait "$tg_pid" 2>/dev/null || true
tg_pid=""
kill -TERM "$mock_pid" 2>/dev/null || true; wait "$mock_pid" 2>/dev/null || true; mock_pid=""

prof=$(ls -t "$out"/cpuprofile/*.cpuprofile 2>/dev/null | head -1)
[ -n "$prof" ] || die "no .cpuprofile written (log: $out/tollgate.log)"
node "$bench/cpuprofile-top.mjs" "$prof" 15 | tee "$out/top.txt"
say "profile: $prof (open in Chrome DevTools › Performance, or speedscope)"
