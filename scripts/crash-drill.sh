#!/usr/bin/env bash
# Kill -9 drills: scripts/crash-drill.sh [CYCLES]
# 1. File a case through enforcectl, kill the server with SIGKILL the moment FileCase is
#    acknowledged, restart it on the same SQLite file; ROUNDS rounds (default 5); every acknowledged
#    case must be there and the journal chain must verify.
# 2. Mixed load (scripts/crash-mixed.py): 8 concurrent clients run case stories (filing, node,
#    freeze, the bank's answer, receipt, payout through its approval chain and execution) while the
#    server is killed with SIGKILL at random moments and restarted, CYCLES times (default 50; a run
#    prints its seed, and SEED=… repeats the kill moments). Every acknowledged write must be there
#    exactly once, the ledger check clean, the bank's feed gapless and in order, and after a last
#    SIGKILL the journal must verify.
. "$(dirname "$0")/lib.sh"
ROUNDS=${ROUNDS:-5}
scenario_work
trap 'kill -9 ${SERVER_PID:-} 2>/dev/null || true; rm -rf "$WORK"' EXIT
PORT=$(free_port)
LOG="$WORK/server.log"
acknowledged=()
EXPECT_LISTENS=0
for round in $(seq 1 "$ROUNDS"); do
  EXPECT_LISTENS=$((EXPECT_LISTENS + 1))
  start_server "$WORK/data" "$PORT" "$LOG"
  number=$("$CTL" case file --port "$PORT" --data-dir "$WORK/data" --json \
    --title '（2025）沪0105民初1号' --applicant 'person:张三:11010519491231002X' \
    --debtor 'org:上海某某贸易有限公司:91310000MA1FL8XQ37' --amount 50000 |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["number"])')
  kill -9 "$SERVER_PID"            # right after the acknowledgement, no graceful shutdown
  wait "$SERVER_PID" 2>/dev/null || true
  acknowledged+=("$number")
  echo "round $round: $number acknowledged, server killed with SIGKILL"
done

EXPECT_LISTENS=$((EXPECT_LISTENS + 1))
start_server "$WORK/data" "$PORT" "$LOG"
for number in "${acknowledged[@]}"; do
  "$CTL" case get --port "$PORT" --data-dir "$WORK/data" "$number" >/dev/null || { echo "LOST: $number" >&2; exit 1; }
done
"$CTL" audit verify --database "$WORK/data/enforcement.sqlite"
echo "crash drill: ${#acknowledged[@]} acknowledged cases all present after kill -9"
kill -9 "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true

CYCLES=${1:-${CYCLES:-50}}
MIXED="$WORK/mixed"
timeout $((600 + CYCLES * 20)) python3 "$ROOT/scripts/crash-mixed.py" --server "$SERVER" --data-dir "$MIXED" --port "$(free_port)" \
  --cycles "$CYCLES" ${SEED:+--seed "$SEED"} 2> >(grep -v "ssl_transport_security\|^[IEW][0-9]\{4\} " >&2)
"$CTL" audit verify --database "$MIXED/enforcement.sqlite"
