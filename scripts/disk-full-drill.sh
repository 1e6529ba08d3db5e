#!/usr/bin/env bash
# A full disk under the SQLite file while filings run (issue 19): the data directory is a small
# tmpfs (needs root and a kernel that lets it mount; SKIPPED, loudly, otherwise). Filled with a filler file, every
# write must fail cleanly — UNAVAILABLE with a message, never a crash —, health must say
# NOT_SERVING; once the filler is gone, writes resume and health is SERVING again; every
# acknowledged filing is there, case numbers have no gap, and the journal verifies.
#   scripts/disk-full-drill.sh [ATTEMPTS_WHILE_FULL]   (default 60)
. "$(dirname "$0")/lib.sh"
ATTEMPTS=${1:-60}
scenario_work
DATA="$WORK/data"
mkdir -p "$DATA"
if ! mount -t tmpfs -o size=24m,mode=0700 tmpfs "$DATA" 2>/dev/null; then
  rm -rf "$WORK"
  echo "disk-full drill SKIPPED: this machine does not let us mount a tmpfs (needs root)"; exit 0
fi
trap 'kill ${SERVER_PID:-} 2>/dev/null || true; sleep 0.5; umount "$DATA" 2>/dev/null || umount -l "$DATA" 2>/dev/null || true; rm -rf "$WORK"' EXIT
PORT=$(free_port)
HEALTH_PORT=$(free_port)
export HEALTH_PORT ENFORCEMENT_HEALTH_PROBE_SECONDS=1
start_server "$DATA" "$PORT" "$WORK/server.log"

file_case() {
  "$CTL" case file --port "$PORT" --data-dir "$DATA" --json \
    --title '（2025）沪0105民初7号' --applicant 'person:张三:11010519491231002X' \
    --debtor 'org:上海某某贸易有限公司:91310000MA1FL8XQ37' --amount 50000 2>"$WORK/err" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["number"])' 2>/dev/null
}
health() {
  python3 - "$HEALTH_PORT" <<'EOF'
import sys, grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc
with grpc.insecure_channel(f"127.0.0.1:{sys.argv[1]}") as channel:
    status = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=5).status
print(health_pb2.HealthCheckResponse.ServingStatus.Name(status))
EOF
}

acknowledged=()
for _ in 1 2 3; do acknowledged+=("$(file_case)"); done
echo "before: ${#acknowledged[@]} filings acknowledged; health $(health)"

# Fill the disk.
dd if=/dev/zero of="$DATA/filler" bs=64k status=none 2>/dev/null || true
echo "disk full: $(df -h "$DATA" | awk 'NR==2 {print $4 " free of " $2}')"
failed=0; crashed=0; other=0; not_serving=0
for attempt in $(seq 1 "$ATTEMPTS"); do
  if number=$(file_case) && [ -n "$number" ]; then
    acknowledged+=("$number")        # the WAL still had room: acknowledged, so it must survive
  elif grep -q "unavailable" "$WORK/err" && grep -q "cannot be written" "$WORK/err"; then
    failed=$((failed + 1))
  else
    other=$((other + 1)); echo "   attempt $attempt failed otherwise: $(head -c 300 "$WORK/err")"
  fi
  kill -0 "$SERVER_PID" 2>/dev/null || { crashed=1; break; }
  [ "$(health)" = NOT_SERVING ] && not_serving=$((not_serving + 1))
done
echo "while full: $ATTEMPTS attempts, $failed refused UNAVAILABLE (\"cannot be written\"), $other otherwise, health NOT_SERVING at $not_serving checks"
[ "$crashed" = 0 ] || { tail -20 "$WORK/server.log"; echo "the server died on a full disk" >&2; exit 1; }
[ "$failed" -gt 0 ] || { echo "no write failed on a full disk" >&2; exit 1; }
[ "$other" = 0 ] || { echo "a write on a full disk failed without UNAVAILABLE and its message" >&2; exit 1; }
[ "$not_serving" -gt 0 ] || { echo "health never said NOT_SERVING on a full disk" >&2; exit 1; }

# Space returns.
rm -f "$DATA/filler"
for _ in $(seq 1 20); do [ "$(health)" = SERVING ] && break; sleep 0.5; done
[ "$(health)" = SERVING ] || { echo "health did not return to SERVING" >&2; exit 1; }
for _ in 1 2 3; do
  number=$(file_case) || { cat "$WORK/err"; echo "writes did not resume" >&2; exit 1; }
  acknowledged+=("$number")
done
echo "space back: health SERVING, 3 filings acknowledged"

# Every acknowledged filing is there, numbered without a gap; the journal verifies.
for number in "${acknowledged[@]}"; do
  "$CTL" case get "$number" --port "$PORT" --data-dir "$DATA" >/dev/null || { echo "acknowledged $number is missing" >&2; exit 1; }
done
python3 - "${acknowledged[@]}" <<'EOF'
import re, sys
numbers = sorted(int(re.search(r"执(\d+)号", n).group(1)) for n in sys.argv[1:])
assert numbers == list(range(1, len(numbers) + 1)), f"case numbers with a gap or a duplicate: {numbers}"
print(f"{len(numbers)} acknowledged filings present, numbered 1–{len(numbers)} without a gap")
EOF
kill -TERM "$SERVER_PID"; wait "$SERVER_PID" || true
"$CTL" audit verify --database "$DATA/enforcement.sqlite"
echo "disk-full drill: OK"
