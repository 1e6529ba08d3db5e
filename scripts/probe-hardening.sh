#!/usr/bin/env bash
# Issue 12's adversarial probes against a fresh server on 127.0.0.1: each finding reproduced,
# bounded in count and time (about a minute); then a normal filing must still be fast.
. "$(dirname "$0")/lib.sh"
(cd "$ROOT" && swift build --product enforcement-server >/dev/null)
WORK=$(mktemp -d)
trap 'kill ${SERVER_PID:-} 2>/dev/null || true; rm -rf "$WORK"' EXIT
PORT=$(free_port)
PUBLIC_PORT=$(free_port)
export PUBLIC_PORT
start_server "$WORK/data" "$PORT" "$WORK/server.log"
status=0
timeout 300 python3 "$ROOT/scripts/probe-hardening.py" --port "$PORT" --public-port "$PUBLIC_PORT" --data-dir "$WORK/data" --pid "$SERVER_PID" || status=$?
# The evidence upload: scope, message size, the transfer quota, forged bytes.
[ "$status" -ne 0 ] || timeout 120 python3 "$ROOT/scripts/probe-field.py" --port "$PORT" --data-dir "$WORK/data" --pid "$SERVER_PID" || status=$?
# Every request message of every RPC with extreme values in every field, as every role.
[ "$status" -ne 0 ] || timeout 600 python3 "$ROOT/scripts/probe-extremes.py" --port "$PORT" --public-port "$PUBLIC_PORT" --data-dir "$WORK/data" --pid "$SERVER_PID" || status=$?
kill -0 "$SERVER_PID" 2>/dev/null || { echo "the server died during the probes"; tail -20 "$WORK/server.log"; exit 1; }
if [ "$status" -ne 0 ]; then tail -20 "$WORK/server.log"; exit "$status"; fi
echo "data directory mode: $(stat -c %a "$WORK/data"), database mode: $(stat -c %a "$WORK/data/enforcement.sqlite")"
[ "$(stat -c %a "$WORK/data")" = 700 ] && [ "$(stat -c %a "$WORK/data/enforcement.sqlite")" = 600 ] || { echo "data at rest is readable by others"; exit 1; }
kill -TERM "$SERVER_PID"
wait "$SERVER_PID" || true
