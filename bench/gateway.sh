#!/usr/bin/env bash
# Runs the shared gateway-overhead harness with Tollgate added as a target, then prints Tollgate's ratios.
#
#   bench/gateway.sh [harness options…]      e.g. bench/gateway.sh --duration 5 --reps 1 --skip portkey
#
# See bench/README.md. Everything binds to and targets 127.0.0.1; the harness bounds every load run.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
bench="$repo/bench"
# shellcheck source=bench/lib.sh
. "$bench/lib.sh"
port=${TOLLGATE_BENCH_PORT:-9100}
target_name=tollgate

usage() {
  cat <<EOF
usage: bench/gateway.sh [harness options…]

Builds Tollgate if needed, creates a throwaway SQLite data dir with an upstream "mock"
(http://127.0.0.1:9001/v1, the harness's mock), a priced model "gpt-4o-mini" routed to it and a customer key,
then runs the shared harness with Tollgate as the extra target "$target_name" on 127.0.0.1:$port
(started by the harness, pinned to its server core) and prints Tollgate's ratios.

Results: bench/results/<timestamp>/ (override with --out DIR).
--extra NAME=BUILD (repeatable) measures another build (a copy of dist/) in the same run, as target
NAME on the next port, over its own data dir; e.g. bench/without-ledger.sh's measurement copy.
Environment: TOLLGATE_BENCH_HARNESS (path to run.sh), TOLLGATE_BENCH_PORT (default 9100),
             BENCH_WORKDIR (the harness's work folder, default \$TMPDIR/tollgate-bench),
             TOLLGATE_BENCH_DATABASE=postgres (a throwaway database on TOLLGATE_BENCH_PG_URL,
             default postgres://postgres@127.0.0.1:5432/postgres, instead of SQLite).

Harness options (passed through):
EOF
  local h
  if h=$(tg_harness 2>/dev/null); then "$h" --help 2>/dev/null | sed -n '2,$p'; else echo "  (harness not found)"; fi
}

# ------------------------------------------------------------------ arguments
out=""
pass=()
extras=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --out) [ $# -ge 2 ] || die "--out needs a directory"; out=$2; shift 2 ;;
    --out=*) out=${1#--out=}; shift ;;
    --extra) [ $# -ge 2 ] && [[ $2 == *=* ]] || die "--extra needs NAME=BUILD"; extras+=("$2"); shift 2 ;;
    *) pass+=("$1"); shift ;;
  esac
done
for e in "${extras[@]}"; do
  [ -f "${e#*=}/cli/main.js" ] || die "--extra ${e}: ${e#*=} is not a build (no cli/main.js)"
done

harness=$(tg_harness)
out=${out:-$bench/results/$(date -u +%Y-%m-%dT%H-%M-%SZ)}
mkdir -p "$out"
out=$(cd "$out" && pwd)   # the harness runs in its own work folder: give it an absolute path

# ------------------------------------------------------------------ build, data dir, key
tg_build
harness_pid=""
cleanup() {
  if [ -n "$harness_pid" ] && kill -0 "$harness_pid" 2>/dev/null; then
    kill -TERM "$harness_pid" 2>/dev/null || true
    wait "$harness_pid" 2>/dev/null || true
  fi
  for d in "${pg_databases[@]}"; do pg_database=$d tg_drop_pg_database; done
  for d in "${data_dirs[@]}"; do rm -rf "$d"; done
}
pg_databases=() data_dirs=() targets=()
trap cleanup EXIT
q() { printf '%q' "$1"; }
# Adds a harness target NAME on PORT served by BUILD (default dist/) over its own throwaway data dir.
# The harness runs its start command with bash -c, pinned to its server core, and stops its process
# group at the end.
add_target() {
  local name=$1 target_port=$2 build=${3:-}
  port_busy "$target_port" && die "port $target_port on 127.0.0.1 is busy: stop whatever holds it (or set TOLLGATE_BENCH_PORT)"
  pg_database=""
  tg_make_data $build
  data_dirs+=("$data")
  [ -z "$pg_database" ] || pg_databases+=("$pg_database")
  local start_cmd="cd $(q "$data") && exec env -u DATABASE_URL -u REDIS_URL -u TOLLGATE_REDIS_URL -u TOLLGATE_SECRET_KEY -u TOLLGATE_ADMIN_TOKEN"
  start_cmd+=" TOLLGATE_DATA_DIR=$(q "$data") TOLLGATE_DATABASE_URL=$(q "$db_url")"
  [ -z "$secret_key" ] || start_cmd+=" TOLLGATE_SECRET_KEY=$(q "$secret_key")"
  start_cmd+=" TOLLGATE_HOST=127.0.0.1 TOLLGATE_PORT=$target_port TOLLGATE_LOG_LEVEL=warn node $(q "$main_js") serve"
  targets+=(--target "$name=http://127.0.0.1:$target_port/v1/chat/completions" --header "Authorization: Bearer $key" --start "$start_cmd")
}
add_target "$target_name" "$port"
{ tg_build_info; echo "database ${TOLLGATE_BENCH_DATABASE:-sqlite}"; } >"$out/tollgate-build.txt"
for i in "${!extras[@]}"; do
  add_target "${extras[$i]%%=*}" $((port + 1 + i)) "${extras[$i]#*=}"
  echo "extra target ${extras[$i]%%=*}: build ${extras[$i]#*=}" >>"$out/tollgate-build.txt"
done

# ------------------------------------------------------------------ run the harness

say "results -> $out"
say "harness: $harness ${pass[*]:-}"
set +e
# Its output is also kept in harness.log: if the harness hits its deadline before writing summary.json,
# summarize.mjs rebuilds the load results from the per-run lines there.
"$harness" --out "$out" "${pass[@]}" "${targets[@]}" > >(tee -a "$out/harness.log") 2> >(tee -a "$out/harness.log" >&2) &
harness_pid=$!
trap 'say "interrupted: stopping the harness"; kill -TERM "$harness_pid" 2>/dev/null' INT TERM
wait "$harness_pid"; rc=$?
while kill -0 "$harness_pid" 2>/dev/null; do wait "$harness_pid"; rc=$?; done
harness_pid=""
trap - INT TERM
set -e

if [ ! -f "$out/summary.json" ]; then
  say "the harness exited with $rc and wrote no summary.json (logs: $out/logs/, $out/harness.log)"
  if grep -q ' req/s ' "$out/harness.log" 2>/dev/null; then
    node "$bench/summarize.mjs" "$out" "$target_name" | tee "$out/tollgate-summary.txt"
  fi
  exit $(( rc == 0 ? 1 : rc ))
fi
# (The key in lua/ and summary.json, and the operator token in logs/, died with the data dir.)
node "$bench/summarize.mjs" "$out" "$target_name" | tee "$out/tollgate-summary.txt"
for e in "${extras[@]}"; do node "$bench/summarize.mjs" "$out" "${e%%=*}" | tee -a "$out/tollgate-summary.txt"; done
exit "$rc"
