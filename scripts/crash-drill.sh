#!/usr/bin/env bash
# Kill -9 drill: file a case, kill the server with SIGKILL the moment FileCase is acknowledged,
# restart it on the same SQLite file, and check that every acknowledged case is there and the
# journal chain verifies. Runs ROUNDS rounds (default 5). Then the same under concurrent load, where
# group commit puts several writes in one commit: WRITERS clients (default 8) file cases in loops for
# LOAD_SECONDS (default 3), the server is killed with SIGKILL in the middle, and every case whose
# filing was acknowledged must be there after restart.
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

WRITERS=${WRITERS:-8}
LOAD_SECONDS=${LOAD_SECONDS:-3}
EXPECT_LISTENS=$((EXPECT_LISTENS + 1))
start_server "$WORK/data" "$PORT" "$LOG"
writers=()
for writer in $(seq 1 "$WRITERS"); do
  (
    while true; do
      # A number is recorded only once its filing was acknowledged.
      out=$("$CTL" case file --port "$PORT" --data-dir "$WORK/data" --json --user "judge-$writer" \
        --title '（2025）沪0105民初2号' --applicant 'person:张三:11010519491231002X' \
        --debtor 'org:上海某某贸易有限公司:91310000MA1FL8XQ37' --amount 70000 2>/dev/null) || continue
      python3 -c 'import json,sys; print(json.loads(sys.argv[1])["number"])' "$out" >>"$WORK/acked-$writer"
    done
  ) &
  writers+=($!)
done
sleep "$LOAD_SECONDS"
kill -9 "$SERVER_PID"              # mid-load: some writes acknowledged, others in flight
wait "$SERVER_PID" 2>/dev/null || true
sleep 0.5
kill "${writers[@]}" 2>/dev/null || true
wait "${writers[@]}" 2>/dev/null || true
mapfile -t loaded < <(cat "$WORK"/acked-* 2>/dev/null)
[ "${#loaded[@]}" -gt 0 ] || { echo "no filing was acknowledged under load" >&2; exit 1; }
echo "load: ${#loaded[@]} filings acknowledged by $WRITERS concurrent writers, server killed with SIGKILL mid-load"
acknowledged+=("${loaded[@]}")

EXPECT_LISTENS=$((EXPECT_LISTENS + 1))
start_server "$WORK/data" "$PORT" "$LOG"
for number in "${acknowledged[@]}"; do
  "$CTL" case get --port "$PORT" --data-dir "$WORK/data" "$number" >/dev/null || { echo "LOST: $number" >&2; exit 1; }
done
"$CTL" audit verify --database "$WORK/data/enforcement.sqlite"
echo "crash drill: ${#acknowledged[@]} acknowledged cases all present after kill -9"
