#!/usr/bin/env bash
# Makes a MEASUREMENT COPY of a build whose SQLite ledger writer records nothing: its group commit
# answers every write "applied" without touching the database. Not a product: it shows what the
# durable per-request record (hold, transfer and entries, usage event, rollups) costs on the request
# path, when run beside the real build (`gateway.sh --extra`, `compare.sh`).
#
#   bench/without-ledger.sh [BUILD=dist] OUT
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -eq 1 ]; then build="$repo/dist" out=$1; elif [ $# -eq 2 ]; then build=$1 out=$2; else
  echo "usage: bench/without-ledger.sh [BUILD=dist] OUT" >&2; exit 2
fi
[ -f "$build/storage/ledger-sqlite.js" ] || { echo "$build is not a build (npm run build first)" >&2; exit 1; }
[ ! -e "$out" ] || { echo "$out exists: give a new folder" >&2; exit 1; }
cp -R "$build" "$out"
file="$out/storage/ledger-sqlite.js"
from='this.queue = new GroupCommit((items) => commit.immediate(items));'
to='this.queue = new GroupCommit((items) => items.map(() => ({ applied: true })));'
grep -qF "$from" "$file" || { echo "the writer's group commit line was not found in $file: update this script" >&2; rm -rf "$out"; exit 1; }
node -e 'const fs = require("fs"); const [f, a, b] = process.argv.slice(1); fs.writeFileSync(f, fs.readFileSync(f, "utf8").replace(a, b));' "$file" "$from" "$to"
echo "$out: measurement copy of $build, SQLite ledger writer records nothing"
