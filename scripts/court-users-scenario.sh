#!/usr/bin/env bash
# Court users (issue 13) end to end over mTLS: with enforcectl, a clerk asks for the extension of a
# case's limit, a judge and a bureau chief are refused its approval, the court president approves
# it; a server with ENFORCEMENT_USER_TOKENS left at its default refuses the old enforcement-user
# metadata. Then a Python court tool (grpcio + PyJWT, the court's key) walks the payout chain and
# the extension, the faked chain refused at each step. The journal verifies and names the users.
. "$(dirname "$0")/lib.sh"
scenario_work

PORT=$(free_port)
start_server "$WORK/data" "$PORT" "$WORK/server.log"
ctl() { "$CTL" "$@" --port "$PORT" --data-dir "$WORK/data"; }
field() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

NUMBER=$(ctl case file --title "（2025）沪0105民初55号" --applicant "person:张三:11010519491231002X" \
  --debtor "org:上海某某贸易有限公司:91310000MA1FL8XQ37" --amount 50000 --judge 李法官 --user 孙书记员 --role clerk --json | field "d['number']")
echo "-- filed $NUMBER by a clerk"
ctl case extend "$NUMBER" --months 3 --reason "房产拍卖程序中" --user 孙书记员 --role clerk --json >/dev/null
echo "-- the clerk asked for 3 more months"
refused "permission denied" ctl case decide-extension "$NUMBER" --document "（2026）沪0105执批1号" --user 李法官 --role judge
refused "permission denied" ctl case decide-extension "$NUMBER" --document "（2026）沪0105执批1号" --user 赵局长 --role bureau_chief
refused "permission denied" ctl case decide-extension "$NUMBER" --document "（2026）沪0105执批1号" --user 孙书记员 --role clerk --role president
MONTHS=$(ctl case decide-extension "$NUMBER" --document "（2026）沪0105执批1号" --user 吴院长 --role president --json | field "d['extensionMonths']")
[ "$MONTHS" = 3 ] || { echo "extension months $MONTHS" >&2; exit 1; }
ctl case timeline "$NUMBER" | grep -E "吴院长" >/dev/null || { echo "the timeline names no president" >&2; ctl case timeline "$NUMBER" >&2; exit 1; }
echo "-- the president 吴院长 approved; the timeline records who asked and who approved"
refused "permission denied" ctl case node "$NUMBER" interview_held --user 钱会计 --role finance
refused "unauthenticated" env ENFORCEMENT_USER=x "$CTL" case get "$NUMBER" --port "$PORT" --data-dir "$WORK/data" --token eyJhbGciOiJub25lIn0.e30.

echo "-- a Python court tool signing its users' tokens with PyJWT:"
python3 "$ROOT/clients/python/court_users.py" --port "$PORT" --data-dir "$WORK/data"
"$CTL" audit verify --database "$WORK/data/enforcement.sqlite"
python3 - "$WORK/data/enforcement.sqlite" <<'PY'
import sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute("SELECT action, user, user_name FROM journal WHERE principal LIKE '%court:沪0105'").fetchall()
missing = [r for r in rows if not r[1] or not r[2]]
assert not missing, f"journal entries of 沪0105 without a verified user: {missing[:3]}"
print(f"-- {len(rows)} journal entries of 沪0105, each with a verified user id and name; e.g. {rows[-1]}")
PY
echo "court users scenario OK"
