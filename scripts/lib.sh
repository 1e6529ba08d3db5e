# Shared helpers for the drills: build paths, starting and stopping a server on a data directory.
# Source it: . "$(dirname "$0")/lib.sh"
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=$(cd "$ROOT" && swift build --show-bin-path)
SERVER="$BIN/enforcement-server"
CTL="$BIN/enforcectl"

# scenario_work: builds the server and enforcectl, makes the scratch directory $WORK, and on exit
# calls `cleanup` — by default it stops the server and removes $WORK; a script that holds more
# (a worker, a gateway) defines its own `cleanup` after this.
scenario_work() {
  (cd "$ROOT" && swift build --product enforcement-server >/dev/null && swift build --product enforcectl >/dev/null)
  WORK=$(mktemp -d)
  trap cleanup EXIT
}
cleanup() { kill ${SERVER_PID:-} 2>/dev/null || true; rm -rf "$WORK"; }

# start_server DATA_DIR PORT LOG: starts the server in the background, waits until it listens.
start_server() {
  local data=$1 port=$2 log=$3
  "$SERVER" --data-dir "$data" --port "$port" --public-port "${PUBLIC_PORT:-$(free_port)}" --health-port "${HEALTH_PORT:-$(free_port)}" --metrics-port "${METRICS_PORT:-$(free_port)}" --dashboard-port "${DASHBOARD_PORT:-$(free_port)}" >>"$log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    if grep -q "listening" "$log" 2>/dev/null && [ "$(grep -c listening "$log")" -ge "${EXPECT_LISTENS:-1}" ]; then return 0; fi
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$log"; echo "server exited" >&2; return 1; }
    sleep 0.1
  done
  cat "$log"; echo "server did not start" >&2; return 1
}

# A free TCP port on 127.0.0.1.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# refused EXPECT COMMAND…: COMMAND must fail and print EXPECT (e.g. "permission denied"); needs $WORK.
refused() {
  local expect=$1; shift
  if "$@" >"$WORK/refused.out" 2>&1; then echo "accepted, should be refused: $*" >&2; cat "$WORK/refused.out" >&2; exit 1; fi
  grep -q "$expect" "$WORK/refused.out" || { echo "expected $expect from: $*" >&2; cat "$WORK/refused.out" >&2; exit 1; }
  echo "   refused ($expect): $(head -1 "$WORK/refused.out")"
}
