#!/usr/bin/env bash
# Load figures of network asset control with a release build: stream delivery and durable answers,
# as ratios to baselines measured in the same run. Usage: scripts/bench-control.sh [REQUESTS] [CONCURRENCY]
# Release builds go to .build-release, as for scripts/bench-store.sh (the debug build of .build stays intact).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
swift build -c release --scratch-path .build-release --product enforcement-server >/dev/null
swift build -c release --scratch-path .build-release --product enforcement-bench >/dev/null
BIN=$(swift build -c release --scratch-path .build-release --show-bin-path)
WORK=$(mktemp -d)
trap 'kill ${SERVER_PID:-} 2>/dev/null || true; rm -rf "$WORK"' EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
LOG_LEVEL=warning "$BIN/enforcement-server" --data-dir "$WORK/data" --port "$PORT" --public-port off >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
python3 - "$PORT" <<'PY'
import socket, sys, time
for _ in range(300):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2).close(); sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit("server did not start")
PY
"$BIN/enforcement-bench" "$WORK/data" "$PORT" "${1:-4000}" "${2:-16}"
