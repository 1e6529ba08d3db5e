#!/usr/bin/env bash
# The command centre's queries at city scale, release build, one run (see Sources/enforcement-bench/AnalysisBench.swift):
# the city's overview for a year, a court's monthly series, the courts' ranking and drill-down pages, first on a
# store holding one case, then after seeding cases (with two control requests each) across 23 courts and 3 years
# in bulk through the store; p50/p99 of each and the p99 ratio. Goal (issue 16): p99 under 50 ms and within 2×.
#   scripts/bench-analysis.sh [SEED_CASES]   (default 1,000,000)
# Release builds go to .build-release (a separate scratch path keeps the debug build of .build intact).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
swift build -c release --scratch-path .build-release --product enforcement-bench >/dev/null
BIN=$(swift build -c release --scratch-path .build-release --show-bin-path)
"$BIN/enforcement-bench" analysis "${1:-1000000}"
