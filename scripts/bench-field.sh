#!/usr/bin/env bash
# Evidence upload throughput, release build: one file (100 MiB by default, JPEG-headed random bytes)
# recorded with `enforcectl field record --offline` and then sent with `enforcectl field sync` to a
# release server on 127.0.0.1 (mTLS, SQLite store, evidence under its data directory), against a
# plain copy of the same file on the same disk with an fsync, measured in the same run; once with the
# server's default HTTP/2 window (256 KiB) and once with 1 MiB (ENFORCEMENT_HTTP2_WINDOW_KIB).
#   scripts/bench-field.sh [MIB]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
MIB=${1:-100}
swift build -c release --scratch-path .build-release --product enforcement-server >/dev/null
swift build -c release --scratch-path .build-release --product enforcectl >/dev/null
RELEASE=$(swift build -c release --scratch-path .build-release --show-bin-path)
. "$ROOT/scripts/lib.sh"
SERVER="$RELEASE/enforcement-server"
CTL="$RELEASE/enforcectl"
WORK=$(mktemp -d "$ROOT/.bench-field.XXXXXX")   # on the same disk as a deployment's data directory
trap cleanup EXIT   # lib.sh's: stops the server, removes $WORK
python3 - "$WORK/video.jpg" "$MIB" <<'PY'
import os, sys
with open(sys.argv[1], "wb") as f:
    f.write(b"\xff\xd8\xff\xe0")
    left = int(sys.argv[2]) * 1024 * 1024 - 4
    while left:
        chunk = os.urandom(min(left, 1 << 20)); f.write(chunk); left -= len(chunk)
PY
# Baseline: a plain copy of the file on the same disk, made durable (fsync) as the server makes its copy.
COPY=$(python3 - "$WORK/video.jpg" "$WORK/copy.jpg" <<'PY'
import os, shutil, sys, time
start = time.perf_counter()
shutil.copyfile(sys.argv[1], sys.argv[2])
fd = os.open(sys.argv[2], os.O_RDONLY); os.fsync(fd); os.close(fd)
print(f"{time.perf_counter() - start:.3f}")
PY
)
upload() {  # upload WINDOW_KIB: prints the seconds one sync of the file took
  local window=$1 dir="$WORK/run-$1"
  mkdir -p "$dir"
  PORT=$(free_port)
  ENFORCEMENT_HTTP2_WINDOW_KIB=$window start_server "$dir/data" "$PORT" "$dir/server.log"
  ctl() { "$CTL" "$@" --port "$PORT" --data-dir "$dir/data"; }
  NUMBER=$(ctl case file --title "（2026）沪0105民初9号" --applicant "person:张三:11010519491231002X" \
    --debtor "org:上海某某贸易有限公司:91310000MA1FL8XQ37" --amount 100000 --judge 李法官 --json \
    | python3 -c "import json,sys; print(json.load(sys.stdin)['number'])")
  ctl field record "$NUMBER" --kind site_inspection --officer 李法官 --video "$WORK/video.jpg" --offline --outbox "$dir/device/outbox.sqlite" 2>/dev/null
  local start end
  start=$(date +%s.%N)
  ctl field sync --outbox "$dir/device/outbox.sqlite" --user 李法官 2>/dev/null >"$dir/sync.txt"
  end=$(date +%s.%N)
  grep -q "uploaded 1 file" "$dir/sync.txt"
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
  python3 -c "print($end - $start)"
}
DEFAULT=$(upload 256)
WIDE=$(upload 1024)
python3 - "$MIB" "$COPY" "$DEFAULT" "$WIDE" <<'PY'
import sys
mib, copy, default, wide = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
print(f"plain copy + fsync               : {mib} MiB in {copy:.2f} s = {mib / copy:7.1f} MiB/s")
for name, seconds in (("upload, 256 KiB window (default)", default), ("upload, 1 MiB window", wide)):
    print(f"{name:33}: {mib} MiB in {seconds:.2f} s = {mib / seconds:7.1f} MiB/s = {copy / seconds:.2f}x the copy")
print("(an upload: enforcectl field sync: the record, its status, 256 KiB chunks over mTLS, the server's hash, fsync and rename)")
PY
