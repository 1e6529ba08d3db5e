#!/usr/bin/env bash
# Starts a server on a fresh data directory and runs the Python grpcio client against it over mTLS.
. "$(dirname "$0")/lib.sh"
(cd "$ROOT" && swift build --product enforcement-server >/dev/null)
WORK=$(mktemp -d)
trap 'kill ${SERVER_PID:-} 2>/dev/null || true; rm -rf "$WORK"' EXIT
PORT=$(free_port)
start_server "$WORK/data" "$PORT" "$WORK/server.log"
python3 "$ROOT/clients/python/enforcement_smoke.py" --port "$PORT" --data-dir "$WORK/data"
kill -TERM "$SERVER_PID"
wait "$SERVER_PID" && echo "server stopped gracefully on SIGTERM"
