#!/usr/bin/env bash
# End to end over mTLS: a Python grpcio client with the credit platform's certificate reads the
# dishonest-list feed from cursor 0 and sees the listing; the debtor pays the whole debt (the
# custodian bank reports it), the judge closes the case fully enforced (a removal event: removal
# due within 3 working days) and lifts the listing; the client's next read from its saved cursor
# returns exactly that removal, and a third read returns nothing. The applicant then looks the
# case up on the public port with an access code and no client certificate; the notifier delivers
# the parties' messages to an HTTP SMS gateway (which refuses the first one: it is retried) and the
# judge's to the development file.
. "$(dirname "$0")/lib.sh"
scenario_work
cleanup() { kill ${SERVER_PID:-} ${GATEWAY_PID:-} 2>/dev/null || true; rm -rf "$WORK"; }

PORT=$(free_port)
PUBLIC_PORT=$(free_port)
GATEWAY_PORT=$(free_port)
python3 "$ROOT/scripts/sms-gateway.py" --port "$GATEWAY_PORT" --out "$WORK/sms.jsonl" --fail 1 &
GATEWAY_PID=$!
export ENFORCEMENT_NOTIFY_SMS_URL="http://127.0.0.1:$GATEWAY_PORT/send" ENFORCEMENT_NOTIFY_BASE_SECONDS=1 ENFORCEMENT_NOTIFY_SECONDS=1
ENFORCEMENT_MONITOR_SECONDS=1 start_server "$WORK/data" "$PORT" "$WORK/server.log"
ctl() { "$CTL" "$@" --port "$PORT" --data-dir "$WORK/data"; }
field() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
platform() { python3 "$ROOT/clients/python/credit_platform.py" --port "$PORT" --data-dir "$WORK/data" --state "$WORK/platform.json" "$@"; }

NUMBER=$(ctl case file --title "（2025）沪0105民初99号" --applicant "person:张三:11010519491231002X:13812345678" \
  --debtor "person:李四:310105198005171236:13900001111" --amount 100000 --judge 李法官 --json | field "d['number']")
LISTING=$(ctl measure impose --case "$NUMBER" --kind dishonest_list --ground 2 --document "（2026）沪0105执1号决定书" \
  --user 李法官 --json | field "d[0]['id']")
ctl measure list --case "$NUMBER"
echo "-- filed $NUMBER; listed the debtor ($LISTING) with a consumption restriction"

platform read > "$WORK/read1.jsonl"
python3 - "$WORK/read1.jsonl" "$LISTING" <<'PY'
import json, sys
entries = [json.loads(line) for line in open(sys.argv[1])]
assert [e["change"] for e in entries] == ["added"], entries
assert entries[0]["measure_id"] == sys.argv[2] and entries[0]["id_number"] == "3101051980****1236", entries[0]
print("credit platform, first read from cursor 0:", entries[0]["name"], entries[0]["id_number"], entries[0]["behaviour"])
PY
CURSOR=$(field "d['cursor']" < "$WORK/platform.json")
[ "$CURSOR" = 1 ] || { echo "saved cursor should be 1, is $CURSOR" >&2; exit 1; }

ACCOUNT=$(ctl funds balance "$NUMBER" --json | field "d['accounts'][0]['number']")
ctl funds receive --as custodian-boc-sh --bank-transaction BOC-IN-0099 --amount 100000 --account "$ACCOUNT" \
  --payer 李四 --payer-account 6222020000000009 --reference "$NUMBER 执行款" --at "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --json >/dev/null
ctl case close "$NUMBER" --mode fully_enforced --document "（2026）沪0105执1号结案通知书" --user 李法官 --json >/dev/null
DUE=$(ctl measure list --case "$NUMBER" --removal-due --json | field "d[0]['removal']['dueOn']")
echo "-- the debtor paid 100,000.00; the case closed fully enforced; removal due by $DUE"
ctl measure lift "$LISTING" --document "（2026）沪0105执1号之一决定书" --reason 已全部履行 --user 李法官

platform read > "$WORK/read2.jsonl"
python3 - "$WORK/read2.jsonl" "$LISTING" <<'PY'
import json, sys
entries = [json.loads(line) for line in open(sys.argv[1])]
assert [(e["change"], e["measure_id"]) for e in entries] == [("removed", sys.argv[2])], entries
assert entries[0]["position"] == 2 and entries[0]["id_number"] == "3101051980****1236"
print("credit platform, next read from the saved cursor: exactly the removal at position", entries[0]["position"])
PY
platform read > "$WORK/read3.jsonl"
[ ! -s "$WORK/read3.jsonl" ] || { echo "a third read should return nothing:"; cat "$WORK/read3.jsonl"; exit 1; } >&2
echo "-- a third read returns nothing: nothing is sent twice"

CODE=$(ctl public issue-code --case "$NUMBER" --party applicant:0 --user 李法官 --json | field "d['access_code']")
"$CTL" public lookup --port "$PUBLIC_PORT" --data-dir "$WORK/data" --case "$NUMBER" --code "$CODE" | tee "$WORK/lookup.txt"
grep -q "3101051980\*\*\*\*1236" "$WORK/lookup.txt" || { echo "the debtor's ID should be masked in the lookup" >&2; exit 1; }
if "$CTL" public lookup --port "$PUBLIC_PORT" --data-dir "$WORK/data" --case "$NUMBER" --code WRONGCODE 2>"$WORK/wrong.txt"; then
  echo "a wrong code must be refused" >&2; exit 1
fi
echo "-- the applicant looked the case up on the public port without a client certificate; a wrong code: $(cat "$WORK/wrong.txt")"

for _ in $(seq 1 100); do
  [ -s "$WORK/sms.jsonl" ] && grep -q "移出失信被执行人名单" "$WORK/sms.jsonl" && break
  sleep 0.2
done
grep -q "移出失信被执行人名单" "$WORK/sms.jsonl" || { cat "$WORK/server.log"; echo "the removal was not sent by SMS" >&2; exit 1; }
echo "-- $(wc -l < "$WORK/sms.jsonl") SMS accepted by the gateway, e.g.:"
grep "移出失信" "$WORK/sms.jsonl" | head -1
RETRIED=$(ctl notify log --case "$NUMBER" --as command-centre --json | field "sum(1 for e in d if e['outcome'] == 'failed')")
[ "$RETRIED" -ge 1 ] || { echo "the gateway's 503 should show as a failed attempt in the log" >&2; exit 1; }
ctl notify log --case "$NUMBER" --as command-centre | head -4
grep -q '"recipient_name":"李法官"' "$WORK/data/notifications.jsonl" || { echo "the judge's messages go to the development file" >&2; exit 1; }
echo "dishonest-list scenario OK"
