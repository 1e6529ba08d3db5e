#!/usr/bin/env bash
# Fuzzes one decoder with libFuzzer (issue 19): scripts/fuzz.sh TARGET [SECONDS] [libFuzzer flags…]
#   TARGET   FuzzRequests, FuzzAnswers, FuzzStatement, FuzzIdentifiers, FuzzCalendar, or "all"
#   SECONDS  how long each target runs (default 30)
# The targets live in the separate package `Fuzz/`, built with -sanitize=fuzzer,address into
# `.build-fuzz`. Each starts from its seed corpus `Fuzz/Corpus/TARGET` (read only); what it finds is
# kept in `.build-fuzz/corpus/TARGET`. A crash, a broken property, a leak or more than 2 GiB of
# memory stops it: the input is saved as `.build-fuzz/findings/TARGET/crash-…` and the script fails.
# It prints the executions each target ran.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET=${1:?usage: scripts/fuzz.sh TARGET|all [SECONDS] [libFuzzer flags…]}
SECONDS_EACH=${2:-30}
shift $(( $# >= 2 ? 2 : 1 ))
ALL=(FuzzRequests FuzzAnswers FuzzStatement FuzzIdentifiers FuzzCalendar)
[ "$TARGET" = all ] && targets=("${ALL[@]}") || targets=("$TARGET")
SCRATCH="$ROOT/.build-fuzz"
echo "building the fuzz targets (-sanitize=fuzzer,address) into $SCRATCH"
mkdir -p "$SCRATCH"
if ! swift build --package-path "$ROOT/Fuzz" --scratch-path "$SCRATCH" -Xswiftc -sanitize=fuzzer,address >"$SCRATCH/build.log" 2>&1; then
  grep -v "Cannot export local symbol" "$SCRATCH/build.log" | grep -A6 "error" | head -60 >&2
  echo "the fuzz targets do not build" >&2
  exit 1
fi
tail -1 "$SCRATCH/build.log"
BIN=$(swift build --package-path "$ROOT/Fuzz" --scratch-path "$SCRATCH" -Xswiftc -sanitize=fuzzer,address --show-bin-path)
status=0
export SWIFT_BACKTRACE=enable=no   # libFuzzer and ASan report; Swift's backtracer trips ASan
for target in "${targets[@]}"; do
  corpus="$SCRATCH/corpus/$target" findings="$SCRATCH/findings/$target"
  mkdir -p "$corpus" "$findings"
  log="$SCRATCH/$target.log"
  echo "== $target for ${SECONDS_EACH}s"
  if "$BIN/$target" "$corpus" "$ROOT/Fuzz/Corpus/$target" -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 \
      -max_len=65536 -timeout=10 -print_final_stats=1 -artifact_prefix="$findings/" "$@" >"$log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
    echo "$target: $runs executions in ${SECONDS_EACH}s, no crash ($cov)"
  else
    status=1
    echo "$target: FAILED — the fuzzer's report:" >&2
    grep -v "^#\|INFO:" "$log" | head -40 >&2
    ls "$findings" >&2
  fi
done
exit $status
