#!/usr/bin/env bash
# End to end over mTLS: a Python grpcio client acting as court 苏0102 (another province) sends a
# seal task into the city; the command centre routes it by the asset's district to 沪0105 (its
# report shows the decision); 沪0105 accepts, reports progress and completes it through
# enforcectl; the Python client reads the result and every step.
. "$(dirname "$0")/lib.sh"
scenario_work

PORT=$(free_port)
start_server "$WORK/data" "$PORT" "$WORK/server.log"
ctl() { "$CTL" "$@" --port "$PORT" --data-dir "$WORK/data"; }
court() { python3 "$ROOT/clients/python/external_court.py" --port "$PORT" --data-dir "$WORK/data" "$@"; }

read -r TASK RECEIVER DISTRICT < <(court send --location 上海市长宁区仙霞路99号)
[ "$RECEIVER" = 沪0105 ] || { echo "expected routing to 沪0105, got $RECEIVER" >&2; exit 1; }
echo "-- 苏0102 sent $TASK; the command centre routed it to $RECEIVER ($DISTRICT)"

ROUTED=$(ctl command delegations --as command-centre --json \
  | python3 -c "import json,sys; d=json.load(sys.stdin); print(' '.join(t['id']+':'+('auto' if t['routing']['automatic'] else 'manual') for t in d['routed']))")
[ "$ROUTED" = "$TASK:auto" ] || { echo "command centre report: $ROUTED" >&2; exit 1; }

WAITING=$(ctl delegation list --status sent --json | python3 -c "import json,sys; print(' '.join(t['id'] for t in json.load(sys.stdin)))")
[ "$WAITING" = "$TASK" ] || { echo "沪0105 should have $TASK waiting, has '$WAITING'" >&2; exit 1; }
ctl delegation accept "$TASK" --user 王法官 --json >/dev/null
ctl delegation progress "$TASK" --note "已至不动产登记中心核实权属" --user 王法官 --json >/dev/null
ctl delegation complete "$TASK" --summary "已查封长宁区仙霞路99号房产" --asset "仙霞路99号 房产 查封至2029年" \
  --attachment "查封笔录:$(printf '查封笔录' | sha256sum | cut -d' ' -f1)" --user 王法官
echo "-- 沪0105 accepted, reported progress and completed it"

court result "$TASK" --wait 10
echo "delegation scenario OK"
