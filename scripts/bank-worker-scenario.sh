#!/usr/bin/env bash
# End to end with the Python partner-bank worker (clients/python) as bank ICBC-SH over mTLS:
# a case is filed, the worker receives the automatic query and answers it from its accounts file,
# a freeze follows and is answered, the debtor pays part of the debt into escrow and the platform
# asks the bank to release the excess (a partial release the worker answers), the worker is killed
# (-9), a deduction is made while it is down, the restarted worker answers it with its transfer
# reference, the custodian's receipt carrying it is linked, and the case shows every result.
. "$(dirname "$0")/lib.sh"
scenario_work
cleanup() { kill -9 ${WORKER_PID:-} 2>/dev/null || true; kill ${SERVER_PID:-} 2>/dev/null || true; rm -rf "$WORK"; }

echo "-- installing the worker (generated stubs + pip) into a virtualenv"
python3 "$ROOT/clients/python/generate_stubs.py" >/dev/null
python3 -m venv --system-site-packages "$WORK/venv"
"$WORK/venv/bin/pip" install -q --disable-pip-version-check "$ROOT/clients/python"
WORKER="$WORK/venv/bin/enforcement-bank-worker"

PORT=$(free_port)
start_server "$WORK/data" "$PORT" "$WORK/server.log"
ctl() { "$CTL" "$@" --port "$PORT" --data-dir "$WORK/data"; }

cat > "$WORK/accounts.csv" <<CSV
account,id_number,kind,type,status,branch,balance_fen,available_fen
6222020000000001,91310000MA1FL8XQ37,deposit,活期,正常,徐汇支行,8000000,8000000
6222020000000002,91310000MA1FL8XQ37,deposit,定期,正常,徐汇支行,2000000,2000000
6222029999999999,11010519491231002X,deposit,活期,正常,静安支行,100,100
CSV
start_worker() {
  "$WORKER" --port "$PORT" --data-dir "$WORK/data" --identity bank-icbc-sh \
    --accounts "$WORK/accounts.csv" --book "$WORK/bank-book.sqlite" >>"$WORK/worker.log" 2>&1 &
  WORKER_PID=$!
}
# wait_for CASE JQ-LIKE-PYTHON-EXPR: polls `control list --json` until the expression holds (15 s).
wait_for() {
  local number=$1 expr=$2
  for _ in $(seq 1 150); do
    if ctl control list "$number" --json | python3 -c "import json,sys; r=[x for x in json.load(sys.stdin) if x['institution']=='ICBC-SH']; sys.exit(0 if ($expr) else 1)"; then return 0; fi
    sleep 0.1
  done
  echo "timed out waiting for: $expr" >&2; cat "$WORK/worker.log" >&2; ctl control list "$number" >&2; return 1
}

start_worker
NUMBER=$(ctl case file --title "（2025）沪0105民初88号" --applicant "person:张三:11010519491231002X" \
  --debtor "org:上海某某贸易有限公司:91310000MA1FL8XQ37" --amount 100000 --judge 李法官 --json \
  | python3 -c "import json,sys; print(json.load(sys.stdin)['number'])")
echo "-- filed $NUMBER; waiting for the worker to answer the automatic query"
wait_for "$NUMBER" "len(r)==1 and r[0]['status']=='answered' and len(r[0]['answer']['query']['holdings'])==2"

echo "-- freezing 90,000.00 on account ...0001 (8,000,000 fen available there)"
FREEZE=$(ctl control freeze "$NUMBER" --institution ICBC-SH --asset 6222020000000001 --amount 90000 \
  --until "$(date -d '+6 months' +%F)" --document "（2026）沪0105执1号之一" --json | python3 -c "import json,sys; print(json.load(sys.stdin)['id'])")
wait_for "$NUMBER" "any(x['id']=='$FREEZE' and x['status']=='answered' and x['control']['status']=='active' and x['control']['controlled']['fen']==8000000 for x in r)"
echo "-- the bank controlled 80,000.00 of the 90,000.00 asked (all that was available)"

echo "-- the debtor pays 30,000.00 straight into escrow: 71,400.00 outstanding, 80,000.00 frozen; the platform asks ICBC to release the excess"
ACCOUNT=$(ctl funds balance "$NUMBER" --json | python3 -c "import json,sys; print(json.load(sys.stdin)['accounts'][0]['number'])")
ctl funds receive --as custodian-boc-sh --bank-transaction BOC-IN-0001 --amount 30000 --account "$ACCOUNT" \
  --payer 上海某某贸易有限公司 --payer-account 6222030000000001 --reference "$NUMBER 执行款" --at "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --json >/dev/null
wait_for "$NUMBER" "any(x['action']=='release' and x.get('automatic') and x['amount']['fen']==860000 and x['status']=='answered' for x in r) and any(x['id']=='$FREEZE' and x['control']['controlled']['fen']==7140000 for x in r)"
echo "-- the worker released 8,600.00 by itself-made request (解除超标的冻结); 71,400.00 stays frozen"

echo "-- killing the worker (-9); deducting while it is down"
kill -9 "$WORKER_PID"; wait "$WORKER_PID" 2>/dev/null || true
DEDUCT=$(ctl control deduct "$FREEZE" --amount 71400 --document "（2026）沪0105执1号之二" --json | python3 -c "import json,sys; print(json.load(sys.stdin)['id'])")
start_worker
wait_for "$NUMBER" "any(x['id']=='$DEDUCT' and x['status']=='answered' and x['answer']['deduction']['moved']['fen']==7140000 and x['transferReference']=='BANK-ICBC-SH-$DEDUCT' for x in r)"

echo "-- the custodian bank reports the deducted money with the bank's transfer reference: linked to the deduction"
ctl funds receive --as custodian-boc-sh --bank-transaction BOC-IN-0002 --amount 71400 --account "$ACCOUNT" \
  --payer 中国工商银行 --payer-account 6222020000000001 --reference "扣划 BANK-ICBC-SH-$DEDUCT" --at "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --json >/dev/null
wait_for "$NUMBER" "any(x['id']=='$DEDUCT' and x.get('receiptID')=='BOC-IN-0002' for x in r)"

echo "-- the case shows the results"
ctl control list "$NUMBER" --holdings
wait_for "$NUMBER" "[x['action'] for x in r]==['query','freeze','release','deduct'] and all(x['status']=='answered' for x in r) and r[1]['control']['status']=='exhausted'"
ctl case timeline "$NUMBER" | grep -E "网络查控结果反馈|冻结财产|解除超标的冻结|解除冻结查封|扣划存款"
answers=$(grep -c "answered CR" "$WORK/worker.log")
[ "$answers" -eq 4 ] || { echo "expected 4 answers in the worker log, got $answers" >&2; cat "$WORK/worker.log"; exit 1; }
kill -TERM "$WORKER_PID"; wait "$WORKER_PID" || true
echo "bank worker scenario: OK (query, freeze, automatic partial release, deduction answered; worker resumed after kill -9; receipt linked)"
