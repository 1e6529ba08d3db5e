"""Watches the requests the enforcement platform addresses to this bank and answers them.

    enforcement-bank-worker --host 127.0.0.1 --port 8443 \
        --cert bank.pem --key bank-key.pem --ca ca.pem \
        --accounts accounts.csv --book bank-book.sqlite

Each request is decided once: the answer and its effect on the accounts are written to the book in
one SQLite transaction, then sent with a request id derived from the platform's request id. If the
worker is killed anywhere in between, the platform delivers the unanswered request again after
reconnecting and the worker resends the answer it already decided: never a second, different one.
"""
import argparse
import datetime
import logging
import os
import signal
import sys
import threading
import time

import grpc

from .book import Book

log = logging.getLogger("bank-worker")
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def stubs():
    try:
        from enforcement.v1 import control_service_pb2 as pb
        from enforcement.v1 import control_service_pb2_grpc as rpc
    except ImportError as error:  # the stubs are generated before installing
        raise SystemExit(f"generated stubs missing ({error}); run clients/python/generate_stubs.py, then reinstall")
    return pb, rpc


class Worker:
    def __init__(self, book: Book, channel_factory, bank_reference_prefix: str = "BANK"):
        self.pb, rpc = stubs()
        self.bank_reference_prefix = bank_reference_prefix
        self.book = book
        self.channel_factory = channel_factory
        self.rpc = rpc
        # An institution is identified by its certificate alone: its calls carry no user metadata.
        self.metadata = ()
        self.call = None
        self.stopping = threading.Event()
        self.answered = 0

    # -- deciding ---------------------------------------------------------------------------

    def today(self) -> str:
        return datetime.datetime.now(SHANGHAI).date().isoformat()

    def decide(self, db, request):
        """Returns (rpc name, answer message) and applies the answer's effect to the accounts."""
        pb = self.pb
        action = request.action
        if action == pb.CONTROL_ACTION_QUERY:
            ids = [party.id_number.upper() for party in request.debtors]
            answer = pb.AnswerQueryRequest(request_id=f"bank-answer-{request.id}", control_request_id=request.id)
            marks = ",".join("?" * len(ids)) or "''"
            for row in db.execute(
                    f"SELECT account, kind, type, status, branch, balance_fen, available_fen, id_number FROM accounts WHERE id_number IN ({marks}) ORDER BY account", ids):
                holding = answer.result.holdings.add()
                holding.asset.kind = self.asset_kind(row[1])
                holding.asset.identifier = row[0]
                holding.type, holding.status, holding.branch = row[2], row[3], row[4]
                holding.balance_fen, holding.available_fen = row[5], row[6]
                holding.owner_id_number = row[7].upper()  # whose account: the platform keeps a person's living expenses
                for control in db.execute(
                        "SELECT case_number, document_number, amount_fen, end_on FROM controls WHERE account = ? AND active = 1", (row[0],)):
                    freeze = holding.existing_freezes.add()
                    freeze.authority = control[0]
                    freeze.document_number = control[1]
                    freeze.amount_fen = control[2]
                    freeze.end_on = control[3]
            return "AnswerQuery", answer

        answer = pb.AnswerControlRequest(request_id=f"bank-answer-{request.id}", control_request_id=request.id)
        if action == pb.CONTROL_ACTION_FREEZE:
            row = db.execute("SELECT available_fen, status FROM accounts WHERE account = ?", (request.asset.identifier,)).fetchone()
            if row is None:
                answer.result.reason = "账户不存在 (no such account)"
            elif row[1] == "销户":
                answer.result.reason = "账户已销户 (account closed)"
            elif row[0] == 0:
                answer.result.reason = "可用余额为零 (nothing available)"
            else:
                controlled = min(row[0], request.amount_fen)
                db.execute("UPDATE accounts SET available_fen = available_fen - ? WHERE account = ?", (controlled, request.asset.identifier))
                db.execute("INSERT INTO controls VALUES (?, ?, ?, ?, ?, ?, 1)",
                           (request.id, request.asset.identifier, request.case_number, request.document_number, controlled, request.end_on))
                answer.result.controlled_fen = controlled
                answer.result.start_on = self.today()
                answer.result.end_on = request.end_on
            return "AnswerControl", answer

        control = db.execute("SELECT account, amount_fen, active FROM controls WHERE freeze_id = ?", (request.freeze_request_id,)).fetchone()
        if action == pb.CONTROL_ACTION_RENEW:
            if control is None or not control[2]:
                answer.result.reason = "无此冻结 (no such freeze in force)"
            else:
                db.execute("UPDATE controls SET end_on = ? WHERE freeze_id = ?", (request.end_on, request.freeze_request_id))
                answer.result.controlled_fen = control[1]
                answer.result.start_on = self.today()
                answer.result.end_on = request.end_on
            return "AnswerControl", answer
        if action == pb.CONTROL_ACTION_RELEASE:
            # A release with an amount is partial: the platform sends one by itself when a case's
            # controls hold more than it is owed (解除超标的冻结, request.automatic). The answer
            # states what the freeze still controls after it.
            if control is not None and control[2]:
                part = request.amount_fen if 0 < request.amount_fen < control[1] else control[1]
                db.execute("UPDATE controls SET amount_fen = amount_fen - ?, active = (amount_fen - ? > 0) WHERE freeze_id = ?",
                           (part, part, request.freeze_request_id))
                db.execute("UPDATE accounts SET available_fen = available_fen + ? WHERE account = ?", (part, control[0]))
                if request.amount_fen > 0:
                    answer.result.controlled_fen = control[1] - part
            return "AnswerControl", answer
        if action == pb.CONTROL_ACTION_DEDUCT:
            deduction = pb.AnswerDeductionRequest(request_id=f"bank-answer-{request.id}", control_request_id=request.id)
            if control is None or not control[2]:
                deduction.result.reason = "无此冻结 (no such freeze in force)"
            else:
                moved = min(control[1], request.amount_fen)
                db.execute("UPDATE controls SET amount_fen = amount_fen - ?, active = (amount_fen - ? > 0) WHERE freeze_id = ?",
                           (moved, moved, request.freeze_request_id))
                db.execute("UPDATE accounts SET balance_fen = balance_fen - ? WHERE account = ?", (moved, control[0]))
                deduction.result.moved_fen = moved
                # The reference of the bank's transfer into the escrow account the request names;
                # the custodian's receipt carrying it is linked to the deduction.
                deduction.result.transfer_reference = f"{self.bank_reference_prefix}-{request.id}"
                if moved == 0:
                    deduction.result.reason = "冻结金额为零 (nothing left under the freeze)"
            return "AnswerDeduction", deduction
        raise ValueError(f"unknown action {action} of {request.id}")

    def asset_kind(self, name: str):
        return {"deposit": self.pb.ASSET_KIND_DEPOSIT, "movable": self.pb.ASSET_KIND_MOVABLE,
                "real_estate": self.pb.ASSET_KIND_REAL_ESTATE, "other_right": self.pb.ASSET_KIND_OTHER_RIGHT}.get(name, self.pb.ASSET_KIND_DEPOSIT)

    # -- answering --------------------------------------------------------------------------

    def handle(self, stub, request) -> None:
        stored = self.book.decision(request.id)
        if stored is None:
            with self.book.transaction() as db:
                name, answer = self.decide(db, request)
                db.execute("INSERT INTO decisions (request_id, rpc, answer) VALUES (?, ?, ?)", (request.id, name, answer.SerializeToString()))
        else:
            name = stored[0]
            answer = getattr(self.pb, name + "Request").FromString(stored[1])
        try:
            getattr(stub, name)(answer, metadata=self.metadata, timeout=10)
        except grpc.RpcError as error:
            if error.code() == grpc.StatusCode.FAILED_PRECONDITION:
                # Answered before with other content (e.g. by an operator): the platform keeps the first answer.
                log.error("%s refused: %s", request.id, error.details())
            else:
                raise
        self.book.mark_sent(request.id)
        self.answered += 1
        log.info("answered %s (%s, case %s)", request.id, name, request.case_number)

    def run(self) -> None:
        delay = 1
        while not self.stopping.is_set():
            channel = self.channel_factory()
            try:
                stub = self.rpc.ControlServiceStub(channel)
                self.call = stub.WatchRequests(self.pb.WatchRequestsRequest(), metadata=self.metadata)
                log.info("watching requests")
                for request in self.call:
                    self.handle(stub, request)
                    delay = 1
                log.info("the server ended the stream; reconnecting")
            except grpc.RpcError as error:
                if self.stopping.is_set():
                    break
                log.warning("connection: %s %s; reconnecting in %d s", error.code(), error.details(), delay)
            finally:
                channel.close()
            self.stopping.wait(delay)
            delay = min(delay * 2, 30)

    def stop(self, *_):
        self.stopping.set()
        if self.call is not None:
            self.call.cancel()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="enforcement-bank-worker", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8443)
    parser.add_argument("--cert", help="the bank's client certificate (PEM)")
    parser.add_argument("--key", help="its private key (PEM)")
    parser.add_argument("--ca", help="the platform's CA certificate (PEM)")
    parser.add_argument("--data-dir", help="a development server's data directory: take --identity's certificates from its pki/")
    parser.add_argument("--identity", default="bank-icbc-sh", help="development identity (with --data-dir)")
    parser.add_argument("--accounts", help="CSV of accounts to load into the book on first start")
    parser.add_argument("--book", required=True, help="SQLite file of accounts, controls and decided answers")
    options = parser.parse_args(argv)

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s", stream=sys.stdout)
    if options.data_dir:
        pki = os.path.join(options.data_dir, "pki")
        options.cert = options.cert or os.path.join(pki, "clients", f"{options.identity}.pem")
        options.key = options.key or os.path.join(pki, "clients", f"{options.identity}-key.pem")
        options.ca = options.ca or os.path.join(pki, "ca.pem")
    if not (options.cert and options.key and options.ca):
        parser.error("give --cert, --key and --ca (or --data-dir of a development server)")

    def read(path):
        with open(path, "rb") as f:
            return f.read()

    credentials = grpc.ssl_channel_credentials(root_certificates=read(options.ca), private_key=read(options.key), certificate_chain=read(options.cert))
    target = f"{options.host}:{options.port}"

    book = Book(options.book)
    if options.accounts:
        loaded = book.import_csv(options.accounts)
        if loaded:
            log.info("loaded %d accounts from %s", loaded, options.accounts)

    worker = Worker(book, lambda: grpc.secure_channel(target, credentials), bank_reference_prefix=options.identity.upper())
    signal.signal(signal.SIGTERM, worker.stop)
    signal.signal(signal.SIGINT, worker.stop)
    worker.run()
    log.info("stopped after %d answers", worker.answered)
    return 0


if __name__ == "__main__":
    sys.exit(main())
