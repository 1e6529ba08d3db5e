#!/usr/bin/env bash
# The durable write path against its ceilings, release build, one run (see Sources/enforcement-bench/StoreBench.swift):
# a bench-only echo RPC on the server's own mTLS transport, the server's unary reads, and durable writes on
# SQLite with and without group commit, 64 in flight by default; on PostgreSQL 15 (started here by
# scripts/postgres-dev.sh, skipped with NO_POSTGRES=1) through 1 and then 2 servers on the same database; then read latencies (GetCase, ListCases by court, by a judge
# matching nothing, the overdue list, PullRequests) on an empty store and after seeding cases and control requests in bulk.
#   scripts/bench-store.sh [CALLS] [IN_FLIGHT] [SEED_CASES]   (SEED_CASES: default 1,000,000 with 10 control requests each; 0 skips, 10000000 for 10M)
# Release builds go to .build-release (a separate scratch path keeps the debug build of .build intact).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
swift build -c release --scratch-path .build-release --product enforcement-bench >/dev/null
BIN=$(swift build -c release --scratch-path .build-release --show-bin-path)
if [ -z "${NO_POSTGRES:-}" ]; then
  PGDIR=$(mktemp -d /tmp/enforcement-bench-pg.XXXXXX)
  trap 'scripts/postgres-dev.sh stop "$PGDIR"' EXIT
  export ENFORCEMENT_BENCH_DATABASE_URL=$(scripts/postgres-dev.sh "$PGDIR" | sed -n 's/^ENFORCEMENT_DATABASE_URL=//p')
fi
"$BIN/enforcement-bench" store "${1:-4000}" "${2:-64}" "${3:-1000000}"
