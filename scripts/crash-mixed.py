#!/usr/bin/env python3
"""Kill -9 under mixed load (issue 19, item 4), against a server on 127.0.0.1 that this driver
starts, kills and restarts itself.

WORKERS threads (default 8) each run case stories over and over, every step a write with its own
request id:
  file a case (clerk) → record a node (judge) → freeze a deposit at ICBC-SH (judge) → the bank
  answers the freeze → the custodian bank reports a receipt into the case's escrow account →
  payout proposed (judge) → approved by the bureau chief → approved by finance → executed by the
  custodian bank.
A step is retried with the same request id until it is answered (UNAVAILABLE and deadlines while
the server is down are expected); any other error fails the drill. Meanwhile the driver kills the
server with SIGKILL at a random moment 0.3–2.5 s into each cycle and starts it again, CYCLES times
(default 50). Then the workers finish their step in hand, the server is killed once more and
restarted, and the drill checks, over everything acknowledged:
  - every case, node, freeze, answer, receipt and payout is there, exactly once: one case per
    filing request id and no two filings with one number; one node event; one freeze per case and
    it is answered; the account received exactly the one receipt; one payout, paid;
  - the ledger check (CheckLedger) reports no problem;
  - ICBC-SH's feed, read from cursor 0 page by page, gives strictly increasing cursors, no id twice,
    and every freeze acknowledged;
and, after a last SIGKILL, `enforcectl audit verify` over the file (the bash wrapper does that).

    python3 scripts/crash-mixed.py --server BIN --data-dir DIR --port P [--cycles 50] [--workers 8]
"""
import argparse
import datetime
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from probe_common import HOST, check, failures  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "clients", "python"))


class Server:
    """The server process: started on the same data directory and port each time, killed with SIGKILL."""
    running = []

    def __init__(self, binary, data_dir, port, log_dir):
        self.binary, self.data_dir, self.port, self.log_dir = binary, data_dir, port, log_dir
        self.process, self.starts = None, 0
        Server.running.append(self)

    def start(self):
        self.starts += 1
        log_path = os.path.join(self.log_dir, f"server-{self.starts}.log")
        ports = [str(free_port()) for _ in range(3)]
        with open(log_path, "w") as log:
            self.process = subprocess.Popen(
                [self.binary, "--data-dir", self.data_dir, "--port", str(self.port), "--public-port", ports[0],
                 "--health-port", ports[1], "--metrics-port", ports[2], "--dashboard-port", "off"], stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            with open(log_path) as f:
                if "listening" in f.read():
                    return
            if self.process.poll() is not None:
                raise SystemExit(f"the server exited on start {self.starts}:\n" + open(log_path).read()[-3000:])
            time.sleep(0.05)
        raise SystemExit(f"the server did not start ({log_path})")

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()


def free_port():
    import socket
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cycles", type=int, default=50)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--seed", type=int, default=None)
    options = parser.parse_args()
    seed = options.seed if options.seed is not None else random.randrange(1 << 30)
    print(f"seed {seed} (--seed {seed} repeats the kill moments)")
    kills = random.Random(seed)

    import grpc
    from enforcement_smoke import generate_stubs
    from enforcement_tokens import user_metadata

    out = tempfile.mkdtemp()
    generate_stubs(ROOT, out)
    sys.path.insert(0, out)
    from enforcement.v1 import case_service_pb2 as cases, case_service_pb2_grpc as cases_rpc
    from enforcement.v1 import common_pb2 as common
    from enforcement.v1 import control_service_pb2 as control, control_service_pb2_grpc as control_rpc
    from enforcement.v1 import funds_service_pb2 as funds, funds_service_pb2_grpc as funds_rpc
    from google.protobuf import timestamp_pb2

    data_dir = os.path.abspath(options.data_dir)
    server = Server(os.path.abspath(options.server), data_dir, options.port, tempfile.mkdtemp())
    server.start()
    pki = os.path.join(data_dir, "pki")

    def read(name):
        with open(os.path.join(pki, name), "rb") as f:
            return f.read()

    # Reconnect fast after a restart; the defaults back off for up to two minutes.
    channel_options = [("grpc.initial_reconnect_backoff_ms", 100), ("grpc.min_reconnect_backoff_ms", 100),
                       ("grpc.max_reconnect_backoff_ms", 300)]

    def channel(identity):
        credentials = grpc.ssl_channel_credentials(read("ca.pem"), read(f"clients/{identity}-key.pem"), read(f"clients/{identity}.pem"))
        return grpc.secure_channel(f"{HOST}:{options.port}", credentials, options=channel_options)

    court, bank, custodian, centre = channel("court-0105"), channel("bank-icbc-sh"), channel("custodian-boc-sh"), channel("command-centre")
    case_stub, court_control, court_funds = cases_rpc.CaseServiceStub(court), control_rpc.ControlServiceStub(court), funds_rpc.FundsServiceStub(court)
    bank_control, custodian_funds = control_rpc.ControlServiceStub(bank), funds_rpc.FundsServiceStub(custodian)
    class Token:
        """A user's token metadata, signed again every 5 minutes (a token lives 10) for long runs."""

        def __init__(self, identity, user, roles):
            self.identity, self.user, self.roles, self.made, self.metadata = identity, user, roles, 0, None

        def __call__(self):
            if time.time() - self.made > 300:
                self.metadata, self.made = user_metadata(pki, self.identity, self.user, self.roles), time.time()
            return self.metadata

    clerk = Token("court-0105", "drill-clerk", ["clerk"])
    chief = Token("court-0105", "drill-chief", ["bureau_chief"])
    finance = Token("court-0105", "drill-finance", ["finance"])
    officer = Token("command-centre", "drill-officer", ["command_officer"])
    judges = {w: Token("court-0105", f"drill-judge-{w}", ["judge"]) for w in range(options.workers)}

    stopping = threading.Event()
    lock = threading.Lock()
    acked = []          # (worker, story, step, answer) in the order answered
    errors = []
    retries = [0]
    today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date()
    end_on = (today + datetime.timedelta(days=180)).isoformat()

    def call(method, request, token=None):
        """Sends until answered; the same request (and request id) every time."""
        while True:
            try:
                return method(request, metadata=token() if token else None, timeout=10)
            except grpc.RpcError as error:
                if error.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
                    with lock:
                        retries[0] += 1
                    time.sleep(0.05)
                    continue
                raise

    def story(worker, n):
        rid = f"drill-{worker}-{n}"
        judge = judges[worker]
        answer = lambda step, value: acked.append((worker, n, step, value))  # noqa: E731 (list.append is atomic)
        filed = call(case_stub.FileCase, cases.FileCaseRequest(
            request_id=rid + "-file", case_type=cases.CASE_TYPE_FIRST, title_kind=cases.TITLE_KIND_LITIGATION,
            title_document=f"（2025）沪0105民初{worker * 100000 + n}号", handling_judge=f"drill-judge-{worker}",
            applicants=[common.Party(kind=common.Party.KIND_PERSON, name="张三", id_number="11010519491231002X")],
            debtors=[common.Party(kind=common.Party.KIND_ORGANISATION, name="上海某某贸易有限公司", id_number="91310000MA1FL8XQ37")],
            amount_sought_fen=10_000_000), clerk)
        number = filed.case_number
        answer("file", number)
        node = call(case_stub.RecordNode, cases.RecordNodeRequest(
            request_id=rid + "-node", case_number=number, node_code="execution_notice_sent", document_number=number), judge)
        answer("node", (number, node.sequence))
        freeze = call(court_control.Freeze, control.FreezeRequest(
            request_id=rid + "-freeze", case_number=number, institution_id="ICBC-SH",
            asset=control.Asset(kind=control.ASSET_KIND_DEPOSIT, identifier=f"62220200{worker:02d}{n:08d}"),
            amount_fen=5_000_000, end_on=end_on, document_number=number + "之一"), judge)
        answer("freeze", (number, freeze.id))
        call(bank_control.AnswerControl, control.AnswerControlRequest(
            request_id=rid + "-answer", control_request_id=freeze.id,
            result=control.ControlResult(controlled_fen=5_000_000, start_on=today.isoformat(), end_on=end_on)))
        answer("answer", (number, freeze.id))
        balance = call(court_funds.GetBalance, funds.GetBalanceRequest(case_number=number), judge)
        account = balance.accounts[0].account_number
        received_at = timestamp_pb2.Timestamp(seconds=int(time.time()) - 60)
        call(custodian_funds.ReportReceipt, funds.ReportReceiptRequest(
            request_id=rid + "-receipt", bank_transaction_id=f"BOC-IN-{worker}-{n}", payer_name="上海某某贸易有限公司",
            payer_account="6222020000000001", amount_fen=8_000_000, account_written=account, reference=number + " 执行款",
            received_at=received_at))
        answer("receipt", (number, account))
        payout = call(court_funds.ProposePayout, funds.ProposePayoutRequest(
            request_id=rid + "-propose", case_number=number, escrow_account=account, purpose=funds.PAYOUT_PURPOSE_PAYEE,
            payee_name="张三", payee_account="6217000000000002", payee_bank="建设银行上海分行", amount_fen=7_000_000), judge)
        call(court_funds.ApprovePayout, funds.ApprovePayoutRequest(
            request_id=rid + "-chief", payout_id=payout.id, stage=funds.APPROVAL_STAGE_BUREAU_CHIEF), chief)
        call(court_funds.ApprovePayout, funds.ApprovePayoutRequest(
            request_id=rid + "-finance", payout_id=payout.id, stage=funds.APPROVAL_STAGE_FINANCE), finance)
        paid = call(custodian_funds.ConfirmPayout, funds.ConfirmPayoutRequest(
            request_id=rid + "-paid", payout_id=payout.id, bank_transaction_id=f"BOC-OUT-{worker}-{n}"))
        answer("payout", (number, paid.id, paid.status))

    def worker(w):
        n = 0
        while not stopping.is_set():
            n += 1
            try:
                story(w, n)
            except grpc.RpcError as error:
                errors.append(f"worker {w} story {n}: {error.code().name}: {error.details()}")
                return
            except Exception as error:  # noqa: BLE001 — any surprise ends the drill with its reason
                errors.append(f"worker {w} story {n}: {error!r}")
                return

    threads = [threading.Thread(target=worker, args=(w,), daemon=True) for w in range(options.workers)]
    for t in threads:
        t.start()
    started = time.time()
    cycles_run = 0
    for cycle in range(1, options.cycles + 1):
        cycles_run = cycle
        time.sleep(kills.uniform(0.3, 2.5))
        server.kill()
        server.start()
        if errors:  # the other workers finish their step in hand against the running server
            break
        if cycle % 10 == 0 or cycle == options.cycles:
            print(f"cycle {cycle}: {len(acked)} writes acknowledged so far, {retries[0]} sends retried", flush=True)
    stopping.set()
    for t in threads:
        t.join(timeout=120)
    check(not errors, "no write answered anything but success or a retryable UNAVAILABLE/DEADLINE_EXCEEDED" + ("".join("\n     " + e for e in errors[:5])))
    check(not any(t.is_alive() for t in threads), "every worker finished its step in hand")
    server.kill()
    server.start()
    elapsed = time.time() - started

    # Everything acknowledged is there, exactly once.
    stories = {}
    for w, n, step, value in acked:
        stories.setdefault((w, n), {})[step] = value
    numbers = [s["file"] for s in stories.values()]
    check(len(numbers) == len(set(numbers)), f"{len(numbers)} filings acknowledged, {len(set(numbers))} distinct case numbers")
    listed, token = [], ""
    while True:
        page = call(case_stub.ListCases, cases.ListCasesRequest(court_code="沪0105", page_size=200, page_token=token), clerk)
        listed += [c.case_number for c in page.cases]
        token = page.next_page_token
        if not token:
            break
    check(sorted(listed) == sorted(numbers), f"the court lists exactly the {len(numbers)} acknowledged cases ({len(listed)} listed): no case lost, none doubled by a retry")
    lost = []
    freeze_ids = set()
    for (w, n), s in stories.items():
        number = s["file"]
        timeline = call(case_stub.GetTimeline, cases.GetTimelineRequest(case_number=number), judges[w])
        notices = [e for e in timeline.events if e.node_code == "execution_notice_sent"]
        if "node" in s and (len(notices) != 1 or notices[0].sequence != s["node"][1]):
            lost.append(f"{number}: {len(notices)} notice events")
        requests = call(court_control.ListCaseRequests, control.ListCaseRequestsRequest(case_number=number), judges[w]).requests
        freezes = [r for r in requests if r.action == control.CONTROL_ACTION_FREEZE]
        if "freeze" in s:
            freeze_ids.add(s["freeze"][1])
            if [r.id for r in freezes] != [s["freeze"][1]]:
                lost.append(f"{number}: freezes {[r.id for r in freezes]}, acknowledged {s['freeze'][1]}")
            elif "answer" in s and freezes[0].status != control.REQUEST_STATUS_ANSWERED:
                lost.append(f"{number}: the acknowledged answer to {freezes[0].id} is missing")
        balance = call(court_funds.GetBalance, funds.GetBalanceRequest(case_number=number), judges[w])
        received = sum(a.received_fen for a in balance.accounts)
        if "receipt" in s and received != 8_000_000:
            lost.append(f"{number}: received {received} fen, one receipt of 8,000,000 acknowledged")
        if "payout" in s:
            paid = [p for p in balance.payouts if p.status == funds.PAYOUT_STATUS_PAID]
            if len(balance.payouts) != 1 or len(paid) != 1:
                lost.append(f"{number}: payouts {[(p.id, funds.PayoutStatus.Name(p.status)) for p in balance.payouts]}")
    steps = {}
    for _, _, step, _ in acked:
        steps[step] = steps.get(step, 0) + 1
    check(not lost, f"every acknowledged write is there exactly once ({', '.join(f'{v} {k}' for k, v in steps.items())})"
          + "".join("\n     " + x for x in lost[:10]))
    ledger = call(funds_rpc.FundsServiceStub(centre).CheckLedger, funds.CheckLedgerRequest(), officer)
    check(not ledger.problems, f"the ledger check is clean: {ledger.transfers} transfers over {ledger.accounts} accounts"
          + "".join("\n     " + p for p in ledger.problems[:10]))
    cursor, seen, ordered = 0, set(), True
    while True:
        page = call(bank_control.PullRequests, control.PullRequestsRequest(after_cursor=cursor, page_size=200))
        for r in page.requests:
            ordered &= r.cursor > cursor and r.id not in seen
            cursor = r.cursor
            seen.add(r.id)
        if not page.requests:
            break
    check(ordered, f"ICBC-SH's feed from cursor 0: {len(seen)} requests, cursors strictly increasing, none twice")
    check(freeze_ids <= seen, f"the feed holds every acknowledged freeze ({len(freeze_ids & seen)} of {len(freeze_ids)})")
    server.kill()
    print(f"crash drill (mixed load): {cycles_run} kill -9 cycles in {elapsed:.0f} s, {options.workers} workers, "
          f"{len(stories)} case stories of 9 writes each acknowledged and checked, {retries[0]} sends retried across the kills")
    return 1 if failures else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        for server in Server.running:
            server.kill()
