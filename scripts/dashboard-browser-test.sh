#!/usr/bin/env bash
# The wall screen (issue 16 part 4) in a real headless Chromium over the server's HTTPS listener:
# see scripts/dashboard-browser-test.py. Needs chromium, chromium-driver and the selenium package
# (.ci/run installs them). Screenshots go to .ci-artifacts/.
. "$(dirname "$0")/lib.sh"
scenario_work

PORT=$(free_port)
DASHBOARD_PORT=$(free_port)
# Links live 30 s here (the shortest allowed), so the expired link is seen within the run.
ENFORCEMENT_DASHBOARD_LINK_SECONDS=30 DASHBOARD_PORT=$DASHBOARD_PORT start_server "$WORK/data" "$PORT" "$WORK/server.log"
ctl() { "$CTL" "$@" --port "$PORT" --data-dir "$WORK/data"; }
EXPIRING=$(ctl command dashboard-link --as command-centre 2>/dev/null)
EXPIRES_AT=$(( $(date +%s) + 31 ))
CITY=$(ctl command dashboard-link --as command-centre 2>/dev/null)
COURT=$(ctl command dashboard-link 2>/dev/null)
# A case filed before the screen opens: the totals start above zero.
ctl case file --title "（2026）沪0101民初1号" --applicant "person:张三:11010519491231002X" \
  --debtor "org:上海某某贸易有限公司:91310000MA1FL8XQ37" --amount 50000 --judge 王法官 --as court-0101 --user judge-wang >/dev/null
timeout 180 python3 "$ROOT/scripts/dashboard-browser-test.py" --base "https://127.0.0.1:$DASHBOARD_PORT" --ca "$WORK/data/pki/ca.pem" \
  --city-link "$CITY" --court-link "$COURT" --expiring-link "$EXPIRING" --expires-at "$EXPIRES_AT" \
  --ctl "$CTL --port $PORT --data-dir $WORK/data" --artifacts "$ROOT/.ci-artifacts"
