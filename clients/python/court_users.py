#!/usr/bin/env python3
"""A court's own tool in Python: its users sign in through the court's sign-on, which signs their
tokens (here PyJWT with the court's development key), and the platform checks their roles.

    python3 clients/python/court_users.py --port 8443 --data-dir data

As court 沪0105 it files a case handled by judge py.li, has the custodian bank (certificate only)
report the debtor's payment, and walks a payout through judge → bureau chief → finance; on the way
the faked chain is refused: a free name in `enforcement-user`, the judge's token at the bureau-chief
stage, one user holding two roles taking two steps, a token signed by another court's key, an
expired token, `alg: none`. Then the time-limit extension: a clerk asks, a judge cannot approve,
the court president does. Exits 1 on any surprise.
"""
import argparse
import base64
import json
import os
import sys
import tempfile
import time
import uuid

from enforcement_smoke import channel, generate_stubs
from enforcement_tokens import user_metadata, user_token

COURT = "court-0105"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8443)
    parser.add_argument("--data-dir", default="data")
    options = parser.parse_args()
    repo_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    pki = os.path.join(os.path.abspath(options.data_dir), "pki")
    import grpc
    from google.protobuf.timestamp_pb2 import Timestamp

    def as_user(user, *roles, name=None, **extra):
        return user_metadata(pki, COURT, user, roles, name=name, **extra)

    def refused(expected, call, what):
        try:
            call()
        except grpc.RpcError as error:
            if error.code() != expected:
                raise SystemExit(f"{what}: expected {expected.name}, got {error.code().name}: {error.details()}")
            print(f"   refused ({error.code().name}): {what} — {error.details()[:120]}")
            return
        raise SystemExit(f"{what}: accepted, should be refused")

    with tempfile.TemporaryDirectory() as out:
        generate_stubs(repo_root, out)
        sys.path.insert(0, out)
        from enforcement.v1 import case_service_pb2 as case_pb, case_service_pb2_grpc as case_rpc
        from enforcement.v1 import common_pb2 as common
        from enforcement.v1 import funds_service_pb2 as funds_pb, funds_service_pb2_grpc as funds_rpc

        judge = as_user("py.li", "judge", name="李法官")
        with channel(grpc, pki, COURT, options.port) as court, channel(grpc, pki, "custodian-boc-sh", options.port) as bank:
            cases = case_rpc.CaseServiceStub(court)
            funds = funds_rpc.FundsServiceStub(court)
            filed = cases.FileCase(case_pb.FileCaseRequest(
                request_id=f"py-{uuid.uuid4()}", case_type=case_pb.CASE_TYPE_FIRST, title_kind=case_pb.TITLE_KIND_LITIGATION,
                title_document="（2025）沪0105民初66号", handling_judge="py.li",
                applicants=[common.Party(kind=common.Party.KIND_PERSON, name="王五", id_number="11010519491231002X")],
                debtors=[common.Party(kind=common.Party.KIND_ORGANISATION, name="上海某某贸易有限公司", id_number="91310000MA1FL8XQ37")],
                amount_sought_fen=5_000_000), metadata=as_user("py.clerk", "clerk", name="孙书记员"), timeout=15)
            number = filed.case_number
            account = funds.GetBalance(funds_pb.GetBalanceRequest(case_number=number), metadata=judge, timeout=15).accounts[0].account_number
            funds_rpc.FundsServiceStub(bank).ReportReceipt(funds_pb.ReportReceiptRequest(
                request_id=f"py-{uuid.uuid4()}", bank_transaction_id=f"PY-IN-{uuid.uuid4().hex[:8]}", payer_name="上海某某贸易有限公司",
                payer_account="6222", amount_fen=3_000_000, account_written=account, received_at=Timestamp(seconds=int(time.time()) - 5)), timeout=15)
            print(f"-- filed {number}; 30,000.00 received into {account}")

            payout = funds.ProposePayout(funds_pb.ProposePayoutRequest(
                request_id=f"py-{uuid.uuid4()}", case_number=number, escrow_account=account, purpose=funds_pb.PAYOUT_PURPOSE_PAYEE,
                payee_name="王五", payee_account="6217000000000009", payee_bank="建设银行", amount_fen=2_000_000), metadata=judge, timeout=15)
            print(f"-- judge py.li proposed payout {payout.id}")

            def approve(stage, metadata):
                return lambda: funds.ApprovePayout(funds_pb.ApprovePayoutRequest(
                    request_id=f"py-{uuid.uuid4()}", payout_id=payout.id, stage=stage), metadata=metadata, timeout=15)

            chief_stage, finance_stage = funds_pb.APPROVAL_STAGE_BUREAU_CHIEF, funds_pb.APPROVAL_STAGE_FINANCE
            print("-- the faked chain:")
            refused(grpc.StatusCode.UNAUTHENTICATED, approve(chief_stage, (("enforcement-user", "zhao.bureau-chief"),)), "a free name in enforcement-user")
            refused(grpc.StatusCode.PERMISSION_DENIED, approve(chief_stage, judge), "the judge's own token at the bureau-chief stage")
            refused(grpc.StatusCode.PERMISSION_DENIED, approve(chief_stage, as_user("py.li", "judge", "bureau_chief")),
                    "the proposing judge holding bureau_chief too")
            other_key = (("authorization", "Bearer " + user_token(pki, "court-0101", "py.zhao", ["bureau_chief"])),)
            refused(grpc.StatusCode.UNAUTHENTICATED, approve(chief_stage, other_key), "a token of another court on 沪0105's connection")
            expired = as_user("py.zhao", "bureau_chief", issued_at=int(time.time()) - 7200, lifetime=3600)
            refused(grpc.StatusCode.UNAUTHENTICATED, approve(chief_stage, expired), "an expired token")
            header = base64.urlsafe_b64encode(b'{"alg":"none","typ":"JWT"}').rstrip(b"=").decode()
            body = base64.urlsafe_b64encode(json.dumps({"iss": "urn:enforcement:court:沪0105", "aud": "urn:enforcement:platform",
                "sub": "py.zhao", "name": "赵局长", "roles": ["bureau_chief"], "iat": int(time.time()), "exp": int(time.time()) + 600}).encode()).rstrip(b"=").decode()
            refused(grpc.StatusCode.UNAUTHENTICATED, approve(chief_stage, (("authorization", f"Bearer {header}.{body}."),)), "alg: none")

            approve(chief_stage, as_user("py.zhao", "bureau_chief", name="赵局长"))()
            both = as_user("py.zhao", "bureau_chief", "finance", name="赵局长")
            refused(grpc.StatusCode.PERMISSION_DENIED, approve(finance_stage, both), "the bureau chief again at the finance stage")
            approved = approve(finance_stage, as_user("py.qian", "finance", name="钱会计"))()
            users = [a.user for a in approved.approvals]
            assert users == ["py.li", "py.zhao", "py.qian"], users
            assert funds_pb.PayoutStatus.Name(approved.status) == "PAYOUT_STATUS_APPROVED", approved.status
            print(f"-- approved by {' → '.join(f'{a.user} ({a.user_name})' for a in approved.approvals)}")

            print("-- the time-limit extension:")
            asked = cases.ExtendLimit(case_pb.ExtendLimitRequest(request_id=f"py-{uuid.uuid4()}", case_number=number, months=2,
                                                                 reason="拍卖程序尚未终结"), metadata=as_user("py.clerk", "clerk"), timeout=15)
            assert asked.extension_requested_months == 2 and asked.extension_months == 0, asked
            decide = lambda metadata: cases.DecideExtension(case_pb.DecideExtensionRequest(  # noqa: E731
                request_id=f"py-{uuid.uuid4()}", case_number=number, approve=True, document_number="（2026）沪0105执批3号"),
                metadata=metadata, timeout=15)
            refused(grpc.StatusCode.PERMISSION_DENIED, lambda: decide(judge), "the judge approving the extension")
            refused(grpc.StatusCode.PERMISSION_DENIED, lambda: decide(as_user("py.clerk", "clerk", "president")), "the clerk who asked, as president")
            extended = decide(as_user("py.wu", "president", name="吴院长"))
            assert extended.extension_months == 2 and extended.extension_requested_months == 0, extended
            print(f"-- extended by 2 months by the president; due {extended.due_on}")
    print("python court users: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
