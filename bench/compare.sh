#!/usr/bin/env bash
# Quick interleaved comparison of Tollgate builds against the bare undici floor, on this machine.
#
#   bench/compare.sh [--duration 8] [--reps 3] [--conns 50] [--fill S] BUILD...      BUILD: a copy of dist/
#
# --fill S first loads each Tollgate for S seconds at 50 connections (a database with history, as
# after a busy spell), then measures; e.g. --conns 1 --fill 30 for one-connection latency after load.
#
# See bench/README.md ("Comparing builds"). Everything binds to and targets 127.0.0.1.
# TOLLGATE_BENCH_DATABASE=postgres gives each build a throwaway PostgreSQL database (as gateway.sh).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
bench="$repo/bench"
# shellcheck source=bench/lib.sh
. "$bench/lib.sh"

duration=8 reps=3 conns=50 fill=0 builds=()
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --reps) reps=$2; shift 2 ;;
    --conns) conns=$2; shift 2 ;;
    --fill) fill=$2; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    -*) die "unknown option $1" ;;
    *) [ -f "$1/cli/main.js" ] || die "$1 is not a build (no cli/main.js): copy dist/ after npm run build"; builds+=("$(cd "$1" && pwd)"); shift ;;
  esac
done
[ ${#builds[@]} -gt 0 ] || die "name at least one build folder (a copy of dist/)"
harness=$(tg_harness)
hdir=$(dirname "$harness")
command -v wrk >/dev/null || die "wrk is not installed (the harness's setup.sh installs it)"
[ -d "$repo/node_modules" ] || die "node_modules missing: npm ci"
ports=(9001 9002); for i in "${!builds[@]}"; do ports+=($((9101 + i))); done
for p in "${ports[@]}"; do port_busy "$p" && die "port $p on 127.0.0.1 is busy (is a benchmark running?)"; done

pids=() dirs=() pg_databases=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  for d in "${dirs[@]}"; do rm -rf "$d"; done
  for pg_database in "${pg_databases[@]}"; do tg_drop_pg_database; done
}
trap cleanup EXIT
tg_pins 1 0

"${srv_pin[@]}" env PORT=9001 HOST=127.0.0.1 node "$hdir/mock-upstream.mjs" >/dev/null 2>&1 &
pids+=($!)
# The floor resolves undici from Tollgate's node_modules (gateway.sh's runs use the harness's pinned copy).
floor_dir=$(mktemp -d "${TMPDIR:-/tmp}/tollgate-floor.XXXXXX"); dirs+=("$floor_dir")
cp "$hdir/floor-undici.mjs" "$floor_dir/"; ln -s "$repo/node_modules" "$floor_dir/node_modules"
"${srv_pin[@]}" env PORT=9002 HOST=127.0.0.1 UPSTREAM=http://127.0.0.1:9001 node "$floor_dir/floor-undici.mjs" >/dev/null 2>&1 &
pids+=($!)
names=(floorA) urls=(http://127.0.0.1:9002/v1/chat/completions) servers=($!) keys=("")
for i in "${!builds[@]}"; do
  pg_database=""
  tg_make_data "${builds[$i]}"; dirs+=("$data")
  [ -z "$pg_database" ] || pg_databases+=("$pg_database")
  "${srv_pin[@]}" "${tg_env[@]}" TOLLGATE_HOST=127.0.0.1 TOLLGATE_PORT=$((9101 + i)) node "$main_js" serve >"$data/serve.log" 2>&1 &
  pids+=($!); servers+=($!)
  names+=("$((i + 1)):${builds[$i]}"); urls+=("http://127.0.0.1:$((9101 + i))/v1/chat/completions"); keys+=("$key")
done

scripts=$(mktemp -d "${TMPDIR:-/tmp}/tollgate-compare.XXXXXX"); dirs+=("$scripts")
for j in "${!names[@]}"; do
  tg_wrk_script "$scripts/$j.lua" "${keys[$j]}" "$hdir/body.json"
  tg_wait_ok "${urls[$j]}" "${keys[$j]}" "$hdir/body.json" || die "${names[$j]} is not serving"
done
wrk_run() { "${lg_pin[@]}" timeout -k 5 $(($2 + 20)) wrk -t1 -c"${3:-$conns}" -d"$2"s --timeout 5s --latency -s "$scripts/$1.lua" "${urls[$1]}"; }
for j in "${!names[@]}"; do wrk_run "$j" 2 >/dev/null; done   # warm-up
if [ "$fill" -gt 0 ]; then
  say "filling each Tollgate's database: ${fill}s at 50 connections"
  for j in "${!names[@]}"; do [ "$j" = 0 ] || wrk_run "$j" "$fill" 50 >/dev/null; done
fi

say "$reps × ${duration}s at $conns connections, interleaved"
results=$(mktemp "$scripts/results.XXXXXX")
for r in $(seq 1 "$reps"); do
  for j in "${!names[@]}"; do
    t0=$(tg_ticks "${servers[$j]}")
    out=$(wrk_run "$j" "$duration")
    t1=$(tg_ticks "${servers[$j]}")
    reqs=$(awk '/requests in/ {print $1}' <<<"$out"); rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out"); p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    cpu=$(( (t1 - t0) * 1000000 / $(getconf CLK_TCK) / (reqs > 0 ? reqs : 1) ))
    printf 'rep %s  %-40s %9s req/s  %4s µs CPU/request  p50 %s  p99 %s%s\n' "$r" "${names[$j]}" "$rps" "$cpu" "$p50" "$p99" "${errors:+ ($errors)}"
    echo "$j $rps $cpu" >>"$results"
  done
done
echo
echo "medians (CPU µs/request is the steadier number; req/s ÷ floorA is the gateway goal's ratio)"
for j in "${!names[@]}"; do
  rps=$(awk -v j="$j" '$1 == j {print $2}' "$results" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
  cpu=$(awk -v j="$j" '$1 == j {print $3}' "$results" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
  [ "$j" = 0 ] && floor=$rps
  printf '  %-40s %9s req/s  %5s × floorA  %4s µs CPU/request\n' "${names[$j]}" "$rps" "$(awk -v a="$rps" -v b="$floor" 'BEGIN {printf "%.2f", a / b}')" "$cpu"
done
