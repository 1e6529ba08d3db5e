#!/usr/bin/env bash
# Kill -9 drill: file a case, kill the server with SIGKILL the moment FileCase is acknowledged,
# restart it on the same SQLite file, and check that every acknowledged case is there and the
# journal chain verifies. Runs ROUNDS rounds (default 5).
. "$(dirname "$0")/lib.sh"
ROUNDS=${ROUNDS:-5}
(cd "$ROOT" && swift build --product enforcement-server >/dev/null && swift build --product enforcectl >/dev/null)
WORK=$(mktemp -d)
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
