#!/usr/bin/env bash
# Analysis end to end over mTLS, through enforcectl (issue 16): cases filed in two courts, one
# closed; the court's and the city's overview, a series with its bar chart, the courts' ranking,
# the drill-down to the cases behind a figure; a court asking for another court's figures is
# refused; a campaign on a cause tag and its progress (a court may not open one); `analysis check`
# agrees, finds a counter changed in the file, and repairs it.
. "$(dirname "$0")/lib.sh"
scenario_work

PORT=$(free_port)
start_server "$WORK/data" "$PORT" "$WORK/server.log"
ctl() { "$CTL" "$@" --port "$PORT" --data-dir "$WORK/data"; }
file() {
  ctl case file --title "（2026）沪0105民初$RANDOM号" --applicant "person:张三:11010519491231002X" \
    --debtor "org:上海某某贸易有限公司:91310000MA1FL8XQ37" --amount 250000 --judge 李法官 --json "$@" \
    | python3 -c "import json,sys; print(json.load(sys.stdin)['number'])"
}
A=$(file --cause-tag 劳动报酬); B=$(file --cause-tag 劳动报酬); C=$(file --as court-0101 --user 王法官)
ctl case close "$A" --mode withdrawn --document "（2026）沪0105执结1号"
echo "-- filed $A, $B (沪0105) and $C (沪0101); $A withdrawn"

ctl analysis overview --json > "$WORK/court.json"
ctl analysis overview --as command-centre --json > "$WORK/city.json"
python3 - "$WORK/court.json" "$WORK/city.json" <<'PY'
import json, sys
court, city = (json.load(open(p)) for p in sys.argv[1:])
assert court["court"] == "沪0105" and court["filed"] == "2" and court["closed"] == "1", court
assert court.get("pendingAtEnd") == "1" and court["closingRatePermille"] == "500", court
assert city.get("court", "") == "" and city["filed"] == "3" and city["pendingNow"] == "2", city
PY
ctl analysis overview
echo "-- 沪0105: 2 filed, 1 closed (50.0%); the city: 3 filed, 2 unclosed"
ctl analysis series filed --as command-centre --granularity month --period "$(date +%Y)" | tee "$WORK/series.txt"
grep -q "█ 3" "$WORK/series.txt"
ctl analysis ranking filed --as command-centre | head -4 | tee "$WORK/ranking.txt"
grep -q "^1  *沪0105" "$WORK/ranking.txt"
ctl analysis cases pending --json | python3 -c "import json,sys; cases=json.load(sys.stdin).get('cases', []); assert [c['number'] for c in cases] == ['$B'], cases"
ctl analysis cases closed
echo "-- drill-down: the unclosed case behind 沪0105's figure is $B"
refused "PERMISSION_DENIED\|permission denied" ctl analysis overview --court 沪0101
refused "PERIOD_REVERSED\|ends" ctl analysis overview --from 2026-03-10 --to 2026-03-01

echo "-- a campaign on 劳动报酬 cases from today: the two filed today by 沪0105, both closed by now: 100%, on a 90% target"
TODAY=$(TZ=Asia/Shanghai date +%F)
ctl campaign create "劳动报酬案件专项执行行动" --from "$TODAY" --to 2030-12-31 --cause-tag 劳动报酬 --target 90 --as command-centre
refused "PERMISSION_DENIED\|permission denied" ctl campaign create "积案清理" --from "$TODAY" --to 2030-12-31 --filed-before "$TODAY" --target 90
ctl campaign list
ctl case close "$B" --mode withdrawn --document "（2026）沪0105执结2号"
ctl campaign progress CP000001 | tee "$WORK/progress.txt"
ctl campaign progress CP000001 --json | python3 -c "import json,sys; p=json.load(sys.stdin); assert p.get('cases') == '2' and p.get('closed') == '2' and p.get('onTarget') is True, p"

DB="$WORK/data/enforcement.sqlite"
"$CTL" analysis check --database "$DB"
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
python3 - "$DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("UPDATE figures SET value = value + 5 WHERE measure = 'filed' AND court = '沪0105' AND grain = 'd'").rowcount == 1
db.commit()
PY
refused "DIFFER" "$CTL" analysis check --database "$DB"
"$CTL" analysis check --database "$DB" --repair | tail -1
"$CTL" analysis check --database "$DB"
"$CTL" audit verify --database "$DB"
echo "analysis scenario OK"
