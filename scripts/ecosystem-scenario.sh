#!/usr/bin/env bash
# Ordinary gRPC tooling against a fresh server: health (plaintext port and mTLS), reflection,
# a request built from reflected descriptors, google.rpc.Status details, then SIGTERM with a
# health Watch open. Python with grpcio-health-checking, grpcio-reflection and grpcio-status only.
. "$(dirname "$0")/lib.sh"
(cd "$ROOT" && swift build --product enforcement-server >/dev/null)
WORK=$(mktemp -d)
trap 'kill ${SERVER_PID:-} 2>/dev/null || true; rm -rf "$WORK"' EXIT
PORT=$(free_port)
HEALTH_PORT=$(free_port)
METRICS_PORT=$(free_port)
export HEALTH_PORT METRICS_PORT
start_server "$WORK/data" "$PORT" "$WORK/server.log"
echo "-- the Prometheus page answers on its port"
python3 -c "import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1], timeout=10).read().decode())" "http://127.0.0.1:$METRICS_PORT/metrics" \
  | grep -E '^enforcement_health_serving' || { echo "no metrics page"; exit 1; }
echo "-- a second server on the same ports stops at once and says why; the first serves on"
set +e
timeout -s KILL 30 "$SERVER" --data-dir "$WORK/second" --port "$PORT" --public-port "$(free_port)" --health-port "$HEALTH_PORT" \
  --metrics-port "$METRICS_PORT" --dashboard-port "$(free_port)" >"$WORK/second.log" 2>&1
status=$?
set -e
[ "$status" = 1 ] || { echo "the second server ended with $status, expected 1 (137: it hung and was killed)"; cat "$WORK/second.log"; exit 1; }
grep -q "Address already in use" "$WORK/second.log" || { echo "the second server did not say why"; cat "$WORK/second.log"; exit 1; }
echo "   $(grep -m1 'the server stopped' "$WORK/second.log" | cut -c1-160)"
echo "-- probes of the health, metrics and reflection listeners"
timeout 120 python3 "$ROOT/scripts/probe-ecosystem.py" --port "$PORT" --health-port "$HEALTH_PORT" --metrics-port "$METRICS_PORT" --data-dir "$WORK/data" --pid "$SERVER_PID"
echo "-- a Python client with grpcio-health-checking, grpcio-reflection and grpcio-status only"
timeout 120 python3 "$ROOT/clients/python/ecosystem_check.py" --port "$PORT" --health-port "$HEALTH_PORT" --data-dir "$WORK/data" --pid "$SERVER_PID"
wait "$SERVER_PID" && echo "server stopped gracefully on SIGTERM"
