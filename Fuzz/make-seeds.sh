#!/usr/bin/env bash
# Writes the seed corpus of the fuzz targets into Fuzz/Corpus (committed; rerun after a contract
# change). Request seeds are encoded by protoc from the text below, each behind the byte that picks
# its type in the target.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/Fuzz/Corpus"
rm -rf "$OUT" && mkdir -p "$OUT"/{FuzzRequests,FuzzAnswers,FuzzStatement,FuzzIdentifiers,FuzzCalendar}

# seed DIR NAME SELECTOR MESSAGE TEXT: the selector byte, then the message encoded.
seed() {
  { printf "\\x$(printf %02x "$3")"
    printf '%s' "$5" | protoc -I "$ROOT/proto" --encode="enforcement.v1.$4" "$ROOT"/proto/enforcement/v1/*.proto
  } >"$OUT/$1/$2"
}
PARTY='kind: KIND_PERSON name: "张三" id_number: "11010519491231002X" phone: "13800138000"'
ORG='kind: KIND_ORGANISATION name: "上海某某贸易有限公司" id_number: "91310000MA1FL8XQ37"'
seed FuzzRequests file-case 0 FileCaseRequest "request_id: \"r1\" case_type: CASE_TYPE_FIRST title_kind: TITLE_KIND_LITIGATION title_document: \"（2025）沪0105民初1号\" applicants { $PARTY } debtors { $ORG } amount_sought_fen: 5000000 handling_judge: \"judge-1\""
seed FuzzRequests file-resumed 0 FileCaseRequest "request_id: \"r2\" case_type: CASE_TYPE_RESUMED title_kind: TITLE_KIND_NON_LITIGATION title_document: \"（2025）沪0105民初2号\" applicants { $ORG } debtors { $PARTY } amount_sought_fen: 1 resumed_from: \"（2024）沪0105执7号\""
seed FuzzRequests record-node 2 RecordNodeRequest 'request_id: "r3" case_number: "（2026）沪0105执1号" node_code: "execution_notice_sent" document_number: "（2026）沪0105执1号"'
seed FuzzRequests freeze 9 FreezeRequest 'request_id: "r4" case_number: "（2026）沪0105执1号" institution_id: "ICBC-SH" asset { kind: ASSET_KIND_DEPOSIT identifier: "6222020200112233445" } amount_fen: 5000000 end_on: "2027-06-30" document_number: "（2026）沪0105执1号之一"'
seed FuzzRequests answer-query 13 AnswerQueryRequest 'request_id: "r5" control_request_id: "CR00000001" result { holdings { asset { kind: ASSET_KIND_DEPOSIT identifier: "6222020200112233445" } type: "活期" status: "正常" branch: "浦东支行" balance_fen: 800000 available_fen: 600000 existing_freezes { authority: "上海市浦东新区人民法院" document_number: "（2025）沪0115执9号" amount_fen: 200000 end_on: "2027-01-31" } owner_id_number: "11010519491231002X" } }'
seed FuzzRequests answer-control 14 AnswerControlRequest 'request_id: "r6" control_request_id: "CR00000002" result { controlled_fen: 600000 start_on: "2026-12-03" end_on: "2027-06-30" }'
seed FuzzRequests answer-deduction 15 AnswerDeductionRequest 'request_id: "r7" control_request_id: "CR00000003" result { moved_fen: 600000 transfer_reference: "ICBC20261203001" }'
seed FuzzRequests report-receipt 23 ReportReceiptRequest 'request_id: "r8" bank_transaction_id: "T20261203001" payer_name: "张三" payer_account: "6222020200112233445" amount_fen: 600000 reference: "（2026）沪0105执1号案款" received_at { seconds: 1796263800 nanos: 500 }'
seed FuzzRequests propose-payout 26 ProposePayoutRequest 'request_id: "r9" case_number: "（2026）沪0105执1号" escrow_account: "31050161373600000017" purpose: PAYOUT_PURPOSE_PAYEE payee_name: "张三" payee_account: "6222020200112233445" payee_bank: "工商银行" amount_fen: 500000'
seed FuzzRequests field-seal 32 RecordFieldActionRequest 'request_id: "r10" case_number: "（2026）沪0105执1号" kind: FIELD_ACTION_KIND_ON_SITE_SEAL occurred_at { seconds: 1796263800 nanos: 250000000 } device_now { seconds: 1796264000 } position { latitude: 31.2204 longitude: 121.4437 accuracy_m: 8 } address: "上海市长宁区仙霞路99号" officers: "李法官" officers: "王书记员" witnesses: "赵某" notes: "张贴封条" assets { description: "钢材 20 吨" control_request_id: "CR00000001" } evidence { sha256: "b1b6e18e3f51bddff7e2dda13334ce4fc4edb0565849320339523642aa1bc46b" size: 3145728 media_type: "image/jpeg" name: "a.jpg" }'
for selector in $(seq 0 32); do printf "\\x$(printf %02x "$selector")" >"$OUT/FuzzRequests/empty-$selector"; done

seed FuzzAnswers query 0 AnswerQueryRequest "$(sed 's/request_id: "r5" //' <<<'request_id: "r5" control_request_id: "CR00000001" result { holdings { asset { kind: ASSET_KIND_DEPOSIT identifier: "6222020200112233445" } balance_fen: 800000 available_fen: 600000 owner_id_number: "11010519491231002X" } }')"
seed FuzzAnswers freeze 6 AnswerControlRequest 'control_request_id: "CR00000001" result { controlled_fen: 600000 start_on: "2026-12-03" end_on: "2027-06-30" }'
seed FuzzAnswers freeze-nothing 6 AnswerControlRequest 'control_request_id: "CR00000001" result { controlled_fen: 0 reason: "账户已销户" }'
seed FuzzAnswers renew 7 AnswerControlRequest 'control_request_id: "CR00000001" result { controlled_fen: 600000 start_on: "2027-06-30" end_on: "2027-06-30" }'
seed FuzzAnswers release 8 AnswerControlRequest 'control_request_id: "CR00000001" result { controlled_fen: 0 }'
seed FuzzAnswers deduct 14 AnswerDeductionRequest 'control_request_id: "CR00000001" result { moved_fen: 600000 transfer_reference: "ICBC20261203001" whole_asset_disposed: true }'

printf 'date,transaction_id,direction,amount,counterparty,reference\n2026-12-01,T1,in,6000.00,张三,（2026）沪0105执1号案款\n2026-12-02,T2,out,5000,上海某某贸易有限公司,付款\n' >"$OUT/FuzzStatement/statement.csv"
printf '2026-12-01,T1,in,0.5,张三,\n' >"$OUT/FuzzStatement/one-line.csv"

ident() { { printf "\\x$(printf %02x "$2")"; printf '%s' "$3"; } >"$OUT/FuzzIdentifiers/$1"; }
ident person-id 0 11010519491231002X
ident credit-code 1 91310000MA1FL8XQ37
ident party 2 $'张三\x1f11010519491231002X\x1f13800138000'
ident case-number 3 （2026）沪0105执恢12号
ident reference 4 转账（2026）沪0105执7号案款
ident court 5 沪0105
ident escrow 6 31050161373600000017
ident date 7 2028-02-29
ident yuan 8 -1234.56

printf '\x03# 2026 holidays\n2026-10-01\n2026-10-02\n2026-10-05\n+2026-10-10\n' >"$OUT/FuzzCalendar/national-day"
printf '\x27+2026-09-27\n2026-12-31\n' >"$OUT/FuzzCalendar/year-end"
ls "$OUT"/* | wc -l
