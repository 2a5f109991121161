# Shared by bench/gateway.sh and bench/profile.sh (sourced, not run). Expects $repo (the checkout).
# Everything here binds to and targets 127.0.0.1 only.

say() { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }
die() { say "error: $*"; exit 2; }

# The shared harness: the sibling "shared" folder of the checkout, or $TOLLGATE_BENCH_HARNESS.
tg_harness() {
  local h=${TOLLGATE_BENCH_HARNESS:-$repo/../shared/bench/run.sh}
  [ -f "$h" ] || die "harness not found at $h (expected the sibling 'shared' folder of this checkout: <parent>/shared/bench/run.sh; or set TOLLGATE_BENCH_HARNESS)"
  echo "$(cd "$(dirname "$h")" && pwd)/$(basename "$h")"
}

# npm ci when node_modules is missing; npm run build when dist/ is missing or older than src/
# (TOLLGATE_BENCH_SKIP_BUILD=1 measures dist/ as it is, e.g. while src/ is mid-edit and does not compile).
tg_build() {
  if [ -n "${TOLLGATE_BENCH_SKIP_BUILD:-}" ]; then
    [ -f "$repo/dist/cli/main.js" ] || die "TOLLGATE_BENCH_SKIP_BUILD is set but dist/ is missing"
    say "TOLLGATE_BENCH_SKIP_BUILD set: using dist/ as it is"
    return 0
  fi
  (
    cd "$repo"
    if [ ! -d node_modules ]; then
      say "node_modules missing: npm ci"
      npm ci --no-audit --no-fund >&2
    fi
    local main="$repo/dist/cli/main.js" newer
    if [ ! -f "$main" ]; then
      say "dist/ missing: npm run build"
      npm run build >&2 || die "npm run build failed (see above)"
    else
      newer=$(find src -name '*.ts' ! -name '*.test.ts' ! -path 'src/test-support/*' -newer "$main" -print -quit)
      if [ -n "$newer" ]; then
        say "src/ is newer than dist/ ($newer): npm run build"
        npm run build >&2 || die "npm run build failed (see above): src/ does not compile right now"
      fi
    fi
  )
}

# Creates the throwaway data dir (with a copy of dist/, or of the build folder given as $1) and sets:
#   data      the dir (the caller removes it: trap)
#   main_js   a private copy of dist/cli/main.js inside it (others may rebuild dist/ during a run)
#   tg_env    an `env …` prefix that points Tollgate at this dir's SQLite database only
#   key       a customer API key allowed to call gpt-4o-mini
# Upstream "mock" is the harness's mock (http://127.0.0.1:9001/v1); model "gpt-4o-mini" (the model of its body.json)
# is routed to it and priced; customer "bench" is postpaid, so every request goes through the whole money path
# (hold, settlement into the ledger) without a credit grant first.
tg_make_data() {
  data=$(mktemp -d "${TMPDIR:-/tmp}/tollgate-bench-data.XXXXXX")
  cp -R "${1:-$repo/dist}" "$data/dist"
  ln -s "$repo/node_modules" "$data/node_modules"
  printf '{"type":"module","private":true}\n' >"$data/package.json"
  main_js="$data/dist/cli/main.js"
  # No PostgreSQL, Redis, secret key or admin token from the caller's environment: the database is
  # this dir's SQLite file, or with TOLLGATE_BENCH_DATABASE=postgres a throwaway PostgreSQL database.
  db_url="sqlite:$data/tollgate.db"
  secret_key=""
  if [ "${TOLLGATE_BENCH_DATABASE:-sqlite}" = postgres ]; then tg_make_pg_database; fi
  tg_env=(env -u DATABASE_URL -u REDIS_URL -u TOLLGATE_REDIS_URL -u TOLLGATE_SECRET_KEY -u TOLLGATE_ADMIN_TOKEN
    TOLLGATE_DATA_DIR="$data" TOLLGATE_DATABASE_URL="$db_url" TOLLGATE_LOG_LEVEL=warn)
  [ -z "$secret_key" ] || tg_env+=(TOLLGATE_SECRET_KEY="$secret_key")
  cat >"$data/bench.yaml" <<'EOF'
upstreams:
  - name: mock
    type: openai-compatible
    baseUrl: http://127.0.0.1:9001/v1
models:
  - name: gpt-4o-mini
    routes:
      - upstream: mock
    prices:                 # the request path refuses models without a price in the customer's currency
      - currency: USD
        perMillionTokens: { input: "0.15", output: "0.60" }
customers:
  - ref: bench
    name: Benchmark
    billingMode: postpaid   # no credit to grant first: usage is owed; no credit limit
    keys:
      - name: bench
EOF
  say "data dir $data: tollgate apply -f bench.yaml"
  local applied
  applied=$("${tg_env[@]}" node "$main_js" apply -f "$data/bench.yaml" --json) || die "tollgate apply failed"
  key=$(printf '%s' "$applied" | node -e '
    let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      const k = JSON.parse(s).find((c) => c.kind === "key" && c.secret);
      if (!k) { console.error("apply issued no key: " + s); process.exit(1); }
      process.stdout.write(k.secret);
    });') || die "no API key in the apply output"
}

# TOLLGATE_BENCH_DATABASE=postgres: a database tollgate_bench_<random> on the server of TOLLGATE_BENCH_PG_URL
# (default postgres://postgres@127.0.0.1:5432/postgres); sets db_url, secret_key (PostgreSQL needs one) and
# pg_admin_url, pg_database for tg_drop_pg_database.
tg_make_pg_database() {
  command -v psql >/dev/null || die "TOLLGATE_BENCH_DATABASE=postgres needs psql (apt-get install -y postgresql-client)"
  pg_admin_url=${TOLLGATE_BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
  pg_database="tollgate_bench_$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')"
  psql "$pg_admin_url" -qc "create database $pg_database" >&2 || die "could not create database $pg_database at $pg_admin_url"
  db_url="${pg_admin_url%/*}/$pg_database"
  secret_key=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
  say "PostgreSQL database $pg_database (dropped at the end)"
}

tg_drop_pg_database() {
  [ -n "${pg_database:-}" ] || return 0
  psql "$pg_admin_url" -qc "drop database if exists $pg_database with (force)" >&2 || say "could not drop database $pg_database: drop it by hand"
  pg_database=""
}

# What was measured: commit, uncommitted paths under src/, build time of dist/.
tg_build_info() {
  echo "tollgate commit $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "uncommitted changes under src/: $(git -C "$repo" status --porcelain -- src 2>/dev/null | wc -l) path(s)"
  echo "dist built $(date -u -r "$repo/dist/cli/main.js" +%Y-%m-%dT%H:%M:%SZ)"
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Pinning prefixes for the server and load cores (none on a one-core machine):
#   srv_pin, lg_pin   arrays to put before a command
tg_pins() {
  srv_pin=() lg_pin=()
  if [ "$(nproc)" -ge 2 ]; then srv_pin=(taskset -c "$1"); lg_pin=(taskset -c "$2"); fi
}

# Waits up to 30 s for URL to answer the harness's body with 200 (KEY: a bearer key, or empty); returns 1 if it never does.
tg_wait_ok() {
  local url=$1 key=$2 body=$3 code=""
  for _ in $(seq 1 120); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -H 'content-type: application/json' \
      ${key:+-H "authorization: Bearer $key"} --data-binary "@$body" "$url" || true)
    [ "$code" = 200 ] && return 0
    sleep 0.25
  done
  say "$url did not answer 200 (last status $code)"
  return 1
}

# Writes the wrk script that posts BODY (a file) with KEY (may be empty) to FILE.
tg_wrk_script() {
  local file=$1 key=$2 body=$3
  printf 'wrk.method = "POST"\nwrk.body = [==[%s]==]\nwrk.headers["Content-Type"] = "application/json"\n' "$(cat "$body")" >"$file"
  [ -z "$key" ] || printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "$key" >>"$file"
}

# User + system CPU ticks of PID so far.
tg_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
