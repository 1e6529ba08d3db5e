#!/usr/bin/env bash
# Supervision end to end over mTLS, through enforcectl (issue 16 part 3), on a server whose
# background pass runs every second: a case filed today has nodes due in 3 days, so their
# node-deadline alerts open yellow at once (3 days before); the court lists and acknowledges one,
# the stream shows the open ones; another court cannot list them (PERMISSION_DENIED) or
# acknowledge one (NOT_FOUND); recording the node closes its alert by itself; the handling judge's
# reminder went out through the notification outbox; the command centre's scorecard.
. "$(dirname "$0")/lib.sh"
scenario_work

PORT=$(free_port)
ENFORCEMENT_MONITOR_SECONDS=1 ENFORCEMENT_NOTIFY_SECONDS=1 start_server "$WORK/data" "$PORT" "$WORK/server.log"
ctl() { "$CTL" "$@" --port "$PORT" --data-dir "$WORK/data"; }
A=$(ctl case file --title "（2026）沪0105民初$RANDOM号" --applicant "person:张三:11010519491231002X" \
      --debtor "org:上海某某贸易有限公司:91310000MA1FL8XQ37" --amount 250000 --judge 李法官 --json \
    | python3 -c "import json,sys; print(json.load(sys.stdin)['number'])")
echo "-- filed $A"
ctl supervision rules

# alert_id RULE ITEM: the open alert of RULE whose message names ITEM, once the pass opened it (≤ 10 s).
alert_id() {
  for _ in $(seq 1 100); do
    ID=$(ctl supervision alerts --rule "$1" --json | python3 -c "
import json, sys
alerts = [a for a in json.load(sys.stdin).get('alerts', []) if '$2' in a.get('message', '')]
print(alerts[0]['id'] if alerts else '')")
    [ -n "$ID" ] && { echo "$ID"; return 0; }
    sleep 0.1
  done
  echo "no open $1 alert naming $2" >&2; exit 1
}
NOTICE=$(alert_id node_deadline 执行通知)
ctl supervision alerts | tee "$WORK/alerts.txt"
grep -q "$NOTICE  *黄" "$WORK/alerts.txt"
echo "-- $NOTICE: the execution notice is due in 3 days: yellow from today"

OPEN=$(ctl supervision alerts --json | python3 -c "import json,sys; print(len(json.load(sys.stdin).get('alerts', [])))")
ctl supervision watch --count "$OPEN" | tee "$WORK/watch.txt"
[ "$(grep -c '^AL' "$WORK/watch.txt")" = "$OPEN" ]
echo "-- the stream gave the $OPEN open alerts"

ctl supervision ack "$NOTICE" --note "通知书已制作，明日送达"
ctl supervision alerts --json | python3 -c "
import json, sys
a = [a for a in json.load(sys.stdin)['alerts'] if a['id'] == '$NOTICE'][0]
assert a['open'] and a['acknowledgements'][0]['note'] == '通知书已制作，明日送达', a"
refused "PERMISSION_DENIED\|permission denied" ctl supervision alerts --as court-0101 --user judge-wang --court 沪0105
refused "NOT_FOUND\|not found" ctl supervision ack "$NOTICE" --note "看看" --as court-0101 --user judge-wang
refused "INVALID_ARGUMENT\|invalid" ctl supervision alerts --rule lazy

ctl case node "$A" execution_notice_sent --document "（2026）沪0105执1号通知书"
for _ in $(seq 1 100); do
  STATE=$(ctl supervision alerts --state all --json | python3 -c "
import json, sys
print([a for a in json.load(sys.stdin)['alerts'] if a['id'] == '$NOTICE'][0].get('open', False))")
  [ "$STATE" = "False" ] && break
  sleep 0.1
done
[ "$STATE" = "False" ] || { echo "$NOTICE did not close after the node was recorded" >&2; exit 1; }
echo "-- the node was recorded: $NOTICE closed by itself"

for _ in $(seq 1 100); do grep -q "执行监督" "$WORK/data/notifications.jsonl" 2>/dev/null && break; sleep 0.1; done
grep -q "执行监督" "$WORK/data/notifications.jsonl"
echo "-- the handling judge was reminded through the outbox: $(grep -c 执行监督 "$WORK/data/notifications.jsonl") supervision messages"
ctl supervision scorecard --as command-centre
ctl supervision scorecard
echo "supervision scenario OK"
