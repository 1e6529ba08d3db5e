#!/usr/bin/env bash
# End to end over mTLS with enforcectl, each step under its own certificate and user token (signed
# with the court's development key, roles stated in the token): a case is filed (court 沪0105), the
# custodian bank reports the debtor's payment into the case's escrow account (twice: the repeat
# changes nothing), the handling judge proposes a payout, the faked chain (one person naming three
# users, or taking two steps) is refused, the bureau chief and finance approve it, the bank lists
# and executes it, the command centre reconciles the
# bank's statement (no differences) and checks the ledger, and the outbox holds the pushes to the
# judge and the parties.
. "$(dirname "$0")/lib.sh"
scenario_work

PORT=$(free_port)
start_server "$WORK/data" "$PORT" "$WORK/server.log"
ctl() { "$CTL" "$@" --port "$PORT" --data-dir "$WORK/data"; }
field() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

NUMBER=$(ctl case file --title "（2025）沪0105民初88号" --applicant "person:张三:11010519491231002X:13812345678" \
  --debtor "org:上海某某贸易有限公司:91310000MA1FL8XQ37" --amount 100000 --judge 李法官 --json | field "d['number']")
ACCOUNT=$(ctl funds balance "$NUMBER" --json | field "d['accounts'][0]['number']")
echo "-- filed $NUMBER; the debtor's escrow account is $ACCOUNT"

RECEIVED_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)
for attempt in 1 2; do
  ctl funds receive --as custodian-boc-sh --bank-transaction BOC-IN-0001 --amount 80000 --account "$ACCOUNT" \
    --payer 上海某某贸易有限公司 --payer-account 6222020000000001 --reference "$NUMBER 执行款" --at "$RECEIVED_AT" --json >/dev/null
  sleep 1
done
BALANCE=$(ctl funds balance "$NUMBER" --json | field "d['accounts'][0]['creditsPosted']")
[ "$BALANCE" = 8000000 ] || { echo "expected one credit of 8,000,000 fen, got $BALANCE" >&2; exit 1; }
echo "-- the custodian bank reported 80,000.00 twice; credited once"

PAYOUT=$(ctl funds payout propose "$NUMBER" --account "$ACCOUNT" --payee 张三 --payee-account 6217000000000002 \
  --payee-bank 建设银行上海分行 --amount 70000 --user 李法官 --role judge --json | field "d['id']")

# The faked chain: each attempt must be refused with its status, and change nothing.
echo "-- the faked chain:"
refused "permission denied" ctl funds payout approve "$PAYOUT" --stage bureau_chief --user 李法官 --role judge
refused "permission denied" ctl funds payout approve "$PAYOUT" --stage bureau_chief --user 李法官 --role judge --role bureau_chief
refused "unauthenticated" ctl funds payout approve "$PAYOUT" --stage bureau_chief --token not.a.token
ROOT="$ROOT" python3 - "$WORK/data/pki" "$PORT" "$PAYOUT" <<'PY'
# The old way: a court tool naming its user in free metadata, with no token. UNAUTHENTICATED.
import sys, os, tempfile
sys.path.insert(0, os.path.join(os.environ.get("ROOT", "."), "clients", "python"))
from enforcement_smoke import channel, generate_stubs
import grpc
pki, port, payout = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with tempfile.TemporaryDirectory() as out:
    generate_stubs(os.environ.get("ROOT", "."), out)
    sys.path.insert(0, out)
    from enforcement.v1 import funds_service_pb2 as pb, funds_service_pb2_grpc as rpc
    with channel(grpc, pki, "court-0105", port) as ch:
        for user in ("zhao.bureau-chief", "qian.finance"):  # grpcio sends ASCII metadata only
            try:
                rpc.FundsServiceStub(ch).ApprovePayout(pb.ApprovePayoutRequest(request_id="faked-" + user, payout_id=payout,
                    stage=pb.APPROVAL_STAGE_BUREAU_CHIEF), metadata=(("enforcement-user", user),), timeout=10)
                raise SystemExit(f"a free name {user} in metadata approved the payout")
            except grpc.RpcError as error:
                assert error.code() == grpc.StatusCode.UNAUTHENTICATED, error.code()
                print(f"   refused ({error.code().name}): enforcement-user {user} without a token")
PY
STATUS=$(ctl funds payout list --case "$NUMBER" --json | field "d[0]['status']")
[ "$STATUS" = awaiting_bureau_chief ] || { echo "after the refusals the payout is $STATUS" >&2; exit 1; }

ctl funds payout approve "$PAYOUT" --stage bureau_chief --user 赵局长 --role bureau_chief --json >/dev/null
refused "permission denied" ctl funds payout approve "$PAYOUT" --stage finance --user 赵局长 --role bureau_chief --role finance
ctl funds payout approve "$PAYOUT" --stage finance --user 钱会计 --role finance --json >/dev/null
APPROVERS=$(ctl funds payout list --case "$NUMBER" --json | field "' '.join(a['user'] for a in d[0]['approvals'])")
[ "$APPROVERS" = "李法官 赵局长 钱会计" ] || { echo "approvals by: $APPROVERS" >&2; exit 1; }
echo "-- payout $PAYOUT of 70,000.00 approved by judge, bureau chief and finance, three verified users"

APPROVED=$(ctl funds payout list --as custodian-boc-sh --status approved --json | field "','.join(p['id'] for p in d)")
[ "$APPROVED" = "$PAYOUT" ] || { echo "the bank should see exactly $PAYOUT approved, saw '$APPROVED'" >&2; exit 1; }
STATUS=$(ctl funds payout execute "$PAYOUT" --as custodian-boc-sh --bank-transaction BOC-OUT-0001 --json | field "d['status']")
[ "$STATUS" = paid ] || { echo "payout status $STATUS" >&2; exit 1; }
echo "-- the custodian bank executed it"

TODAY=$(TZ=Asia/Shanghai date +%F)
cat > "$WORK/statement.csv" <<CSV
date,transaction_id,direction,amount,counterparty,reference
$TODAY,BOC-IN-0001,in,80000.00,上海某某贸易有限公司,$ACCOUNT
$TODAY,BOC-OUT-0001,out,70000.00,张三,$PAYOUT
CSV
ctl funds reconcile "$WORK/statement.csv" --as command-centre
ctl funds check --as command-centre

RECIPIENTS=$(ctl funds outbox --case "$NUMBER" --json | field "' '.join(sorted(m['template']+':'+m['recipient'] for m in d if m['template'].startswith('funds_')))")
EXPECTED="funds_paid_out:applicant funds_paid_out:debtor funds_paid_out:handling_judge funds_received:applicant funds_received:debtor funds_received:handling_judge"
[ "$RECIPIENTS" = "$EXPECTED" ] || { echo "outbox holds: $RECIPIENTS" >&2; exit 1; }
echo "-- the outbox holds the pushes to the judge and both parties for the receipt and the payout"
ctl funds balance "$NUMBER"
"$CTL" audit verify --database "$WORK/data/enforcement.sqlite"
echo "funds scenario OK"
