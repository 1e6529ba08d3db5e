#!/usr/bin/env bash
# Network faults against a fresh server on 127.0.0.1 (scripts/probe-network.py, about 40 s): a
# bank that stops reading its stream, clients that vanish mid-call, deadlines that pass mid-write.
. "$(dirname "$0")/lib.sh"
(cd "$ROOT" && swift build --product enforcement-server >/dev/null)
WORK=$(mktemp -d)
trap 'kill ${SERVER_PID:-} 2>/dev/null || true; rm -rf "$WORK"' EXIT
PORT=$(free_port)
METRICS_PORT=$(free_port)
export ENFORCEMENT_STREAM_WRITE_SECONDS=3 METRICS_PORT
start_server "$WORK/data" "$PORT" "$WORK/server.log"
status=0
timeout 180 python3 "$ROOT/scripts/probe-network.py" --port "$PORT" --data-dir "$WORK/data" --pid "$SERVER_PID" --metrics-port "$METRICS_PORT" || status=$?
kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$WORK/server.log"; echo "the server died during the probes"; exit 1; }
[ "$status" -eq 0 ] || { tail -20 "$WORK/server.log"; exit "$status"; }
kill -TERM "$SERVER_PID"
wait "$SERVER_PID" && echo "server stopped gracefully on SIGTERM"
