#!/usr/bin/env python3
"""Adversarial probes of issue 12 against a running server on 127.0.0.1 (never elsewhere).

Each probe reproduces one finding of the review with a bounded number of calls and a bounded
time, and fails (exit 1) if the server behaves as it did before the hardening:

  1 crash      ListSuspense with as_of.seconds = 1e16 (and -1e16, nanos out of range)
  2 poison     a measure starting in 9999; the case's measures and the feed must still read
  3 money      a suspense item referenced to 沪0105's case: 沪0101 neither sees nor matches it
  4 principal  a certificate of our CA naming command-centre:苏 (made here with the dev CA)
  5 oracle     ReverseTransfer of another court's transfer: NOT_FOUND naming nothing foreign
  6 lockout    wrong codes interleaved with one's own correct code still lock the address out
  7 amplify    300 failed public lookups must not grow the database
  8 resources  live watch streams per principal; plain TCP connections per address; a TLS
               connection that never sends a request is closed
  9 overflow   a receipt above the per-transfer maximum is refused
 11 echo       a 900 KiB case number is not echoed back

    python3 scripts/probe-hardening.py --port P --public-port Q --data-dir DIR --pid PID
"""
import argparse
import os
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "clients", "python"))
from enforcement_smoke import channel, generate_stubs  # noqa: E402
from enforcement_tokens import user_metadata  # noqa: E402

# A probing user holding every court role: what is refused below is refused for scope, not for role.
COURT_ROLES = ["judge", "clerk", "bureau_chief", "finance", "president"]

HOST = "127.0.0.1"
failures = []


def check(condition, what):
    print(("  ok   " if condition else "  FAIL ") + what, flush=True)
    if not condition:
        failures.append(what)


def rid():
    return f"probe-{uuid.uuid4()}"


def code_of(call):
    import grpc
    try:
        call()
        return None, ""
    except grpc.RpcError as error:
        return error.code(), error.details() or ""


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def database_bytes(data_dir):
    total = 0
    for suffix in ("", "-wal"):
        path = os.path.join(data_dir, "enforcement.sqlite" + suffix)
        if os.path.exists(path):
            total += os.path.getsize(path)
    return total


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--public-port", type=int, required=True)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--first-stream-deadline", type=float, default=10.0)
    parser.add_argument("--skip-crash", action="store_true", help="leave out probe 1 (to see the others against a server it would kill)")
    options = parser.parse_args()
    data_dir = os.path.abspath(options.data_dir)
    pki = os.path.join(data_dir, "pki")
    repo_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

    import grpc
    from google.protobuf.timestamp_pb2 import Timestamp

    with tempfile.TemporaryDirectory() as out:
        generate_stubs(repo_root, out)
        sys.path.insert(0, out)
        from enforcement.v1 import case_service_pb2 as case_pb, case_service_pb2_grpc as case_rpc
        from enforcement.v1 import common_pb2 as common
        from enforcement.v1 import funds_service_pb2 as funds_pb, funds_service_pb2_grpc as funds_rpc
        from enforcement.v1 import deterrence_service_pb2 as det_pb, deterrence_service_pb2_grpc as det_rpc
        from enforcement.v1 import disclosure_service_pb2 as dis_pb, disclosure_service_pb2_grpc as dis_rpc
        from enforcement.v1 import control_service_pb2 as ctl_pb, control_service_pb2_grpc as ctl_rpc

        judge = user_metadata(pki, "court-0105", "probe-judge", COURT_ROLES, lifetime=3000)
        judge0101 = user_metadata(pki, "court-0101", "probe-judge", COURT_ROLES, lifetime=3000)
        rss_start = rss_kib(options.pid)

        def file_case(ch, court_title, metadata):
            return case_rpc.CaseServiceStub(ch).FileCase(case_pb.FileCaseRequest(
                request_id=rid(), case_type=case_pb.CASE_TYPE_FIRST, title_kind=case_pb.TITLE_KIND_LITIGATION,
                title_document=court_title,
                applicants=[common.Party(kind=common.Party.KIND_PERSON, name="王五", id_number="11010519491231002X")],
                debtors=[common.Party(kind=common.Party.KIND_PERSON, name="李四", id_number="110105198005171239")],
                amount_sought_fen=10_000_000), metadata=metadata, timeout=15)

        court = channel(grpc, pki, "court-0105", options.port)
        other = channel(grpc, pki, "court-0101", options.port)
        custodian = channel(grpc, pki, "custodian-boc-sh", options.port)
        own_case = file_case(court, "（2025）沪0105民初901号", judge).case_number
        other_case = file_case(other, "（2025）沪0101民初902号", judge0101).case_number
        own_account = funds_rpc.FundsServiceStub(court).GetBalance(
            funds_pb.GetBalanceRequest(case_number=own_case), metadata=judge, timeout=15).accounts[0].account_number
        other_account = funds_rpc.FundsServiceStub(other).GetBalance(
            funds_pb.GetBalanceRequest(case_number=other_case), metadata=judge0101, timeout=15).accounts[0].account_number

        if not options.skip_crash:
            print("1 crash: timestamps out of range", flush=True)
            for seconds, nanos in [(10**16, 0), (-(10**16), 0), (1_764_000_000, -1), (1_764_000_000, 10**9)]:
                status, _ = code_of(lambda: funds_rpc.FundsServiceStub(court).ListSuspense(
                    funds_pb.ListSuspenseRequest(as_of=Timestamp(seconds=seconds, nanos=nanos)), metadata=judge, timeout=10))
                check(status == grpc.StatusCode.INVALID_ARGUMENT, f"ListSuspense as_of=({seconds}, {nanos}) → {status}")
            status, _ = code_of(lambda: funds_rpc.FundsServiceStub(custodian).ReportReceipt(funds_pb.ReportReceiptRequest(
                request_id=rid(), bank_transaction_id="PROBE-YEAR1", payer_name="甲", payer_account="1", amount_fen=100,
                account_written=own_account, received_at=Timestamp(seconds=-62135596800)), timeout=10))
            check(status == grpc.StatusCode.INVALID_ARGUMENT, f"a receipt dated in year 1 → {status}")
            check(os.path.exists(f"/proc/{options.pid}"), "the server process is alive")

        print("2 poison: a measure in year 9999", flush=True)
        deterrence = det_rpc.DeterrenceServiceStub(court)
        for start in ["9999-06-01", "10001-05-31", "0001-01-01"]:
            status, _ = code_of(lambda: deterrence.ImposeMeasure(det_pb.ImposeMeasureRequest(
                request_id=rid(), case_number=own_case, kind=det_pb.MEASURE_KIND_DISHONEST_LIST, document="（2026）沪0105执决1号",
                ground=2, start_on=start), metadata=judge, timeout=10))
            check(status == grpc.StatusCode.INVALID_ARGUMENT, f"ImposeMeasure start_on={start} → {status}")
        status, _ = code_of(lambda: deterrence.ListMeasures(det_pb.ListMeasuresRequest(case_number=own_case), metadata=judge, timeout=10))
        check(status is None, f"ListMeasures of the case still reads → {status}")
        platform = channel(grpc, pki, "credit-platform", options.port)
        status, _ = code_of(lambda: det_rpc.DeterrenceServiceStub(platform).ReadDishonestFeed(det_pb.ReadDishonestFeedRequest(), timeout=10))
        check(status is None, f"ReadDishonestFeed still reads → {status}")

        print("3 money: another court's suspense item", flush=True)
        receipt = funds_rpc.FundsServiceStub(custodian).ReportReceipt(funds_pb.ReportReceiptRequest(
            request_id=rid(), bank_transaction_id=f"PROBE-7777-{uuid.uuid4().hex[:8]}", payer_name="某公司", payer_account="6222",
            amount_fen=777_700, account_written="", reference=f"{own_case}案款", received_at=Timestamp(seconds=int(time.time()) - 60)), timeout=10)
        seen = funds_rpc.FundsServiceStub(other).ListSuspense(funds_pb.ListSuspenseRequest(), metadata=judge0101, timeout=10).receipts
        check(all(r.bank_transaction_id != receipt.bank_transaction_id for r in seen), "沪0101 does not see 沪0105's suspense item")
        status, details = code_of(lambda: funds_rpc.FundsServiceStub(other).MatchReceipt(funds_pb.MatchReceiptRequest(
            request_id=rid(), bank_transaction_id=receipt.bank_transaction_id, escrow_account=other_account, note="我院"), metadata=judge0101, timeout=10))
        check(status == grpc.StatusCode.NOT_FOUND, f"沪0101 matching it into its own case → {status}")
        balance = funds_rpc.FundsServiceStub(other).GetBalance(funds_pb.GetBalanceRequest(case_number=other_case), metadata=judge0101, timeout=10)
        check(balance.accounts[0].balance_fen == 0, "no money moved into 沪0101's case")

        print("4 principal: a command centre of another province", flush=True)
        foreign = os.path.join(tempfile.mkdtemp(), "cc-su")
        subprocess.run(["openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                        "-keyout", foreign + "-key.pem", "-out", foreign + ".csr", "-subj", "/CN=command-centre-su"],
                       check=True, capture_output=True)
        with open(foreign + ".ext", "w") as f:
            f.write("subjectAltName=URI:urn:enforcement:command-centre:%E8%8B%8F\nextendedKeyUsage=clientAuth\n")
        ca_key = os.path.join(pki, "ca-key.pem")
        subprocess.run(["openssl", "x509", "-req", "-in", foreign + ".csr", "-CA", os.path.join(pki, "ca.pem"), "-CAkey", ca_key,
                        "-CAcreateserial", "-days", "1", "-out", foreign + ".pem", "-extfile", foreign + ".ext"], check=True, capture_output=True)
        with open(os.path.join(pki, "ca.pem"), "rb") as a, open(foreign + "-key.pem", "rb") as b, open(foreign + ".pem", "rb") as c:
            credentials = grpc.ssl_channel_credentials(root_certificates=a.read(), private_key=b.read(), certificate_chain=c.read())
        su = grpc.secure_channel(f"{HOST}:{options.port}", credentials)
        status, _ = code_of(lambda: case_rpc.CaseServiceStub(su).GetCase(case_pb.GetCaseRequest(case_number=own_case), metadata=judge, timeout=10))
        check(status == grpc.StatusCode.UNAUTHENTICATED, f"command-centre:苏 reading 沪0105's case → {status}")
        su.close()

        print("5 oracle: another court's transfer", flush=True)
        credited = funds_rpc.FundsServiceStub(custodian).ReportReceipt(funds_pb.ReportReceiptRequest(
            request_id=rid(), bank_transaction_id=f"PROBE-C-{uuid.uuid4().hex[:8]}", payer_name="李四", payer_account="6222",
            amount_fen=100, account_written=own_account, received_at=Timestamp(seconds=int(time.time()) - 60)), timeout=10)
        status, details = code_of(lambda: funds_rpc.FundsServiceStub(other).ReverseTransfer(funds_pb.ReverseTransferRequest(
            request_id=rid(), transfer_id=credited.transfer_id, reason="x"), metadata=judge0101, timeout=10))
        check(status == grpc.StatusCode.NOT_FOUND and "0105" not in details, f"ReverseTransfer by 沪0101 → {status}: {details}")

        print("9 overflow: the per-transfer maximum", flush=True)
        status, _ = code_of(lambda: funds_rpc.FundsServiceStub(custodian).ReportReceipt(funds_pb.ReportReceiptRequest(
            request_id=rid(), bank_transaction_id="PROBE-MAX", payer_name="甲", payer_account="1", amount_fen=10**15,
            account_written=own_account, received_at=Timestamp(seconds=int(time.time()) - 60)), timeout=10))
        check(status == grpc.StatusCode.INVALID_ARGUMENT, f"a receipt of 10^15 fen → {status}")

        print("11 echo: a 900 KiB case number", flush=True)
        status, details = code_of(lambda: case_rpc.CaseServiceStub(court).GetCase(
            case_pb.GetCaseRequest(case_number="执" * 300_000), metadata=judge, timeout=10))
        check(status == grpc.StatusCode.INVALID_ARGUMENT and len(details.encode()) <= 1024, f"→ {status}, {len(details.encode())} bytes of message")

        print("6 lockout: wrong guesses interleaved with one's own code", flush=True)
        code = dis_rpc.DisclosureServiceStub(court).IssueAccessCode(dis_pb.IssueAccessCodeRequest(
            request_id=rid(), case_number=own_case, party="applicant:0"), metadata=judge, timeout=10).access_code
        with open(os.path.join(pki, "ca.pem"), "rb") as f:
            public = grpc.secure_channel(f"localhost:{options.public_port}", grpc.ssl_channel_credentials(root_certificates=f.read()))
        lookup = dis_rpc.PublicDisclosureServiceStub(public)
        wrong = []
        for cycle in range(10):
            for guess in range(4):
                status, _ = code_of(lambda: lookup.LookupCase(dis_pb.LookupCaseRequest(case_number=own_case, access_code=f"GUESS{cycle}{guess}"), timeout=10))
                wrong.append(status)
            code_of(lambda: lookup.LookupCase(dis_pb.LookupCaseRequest(case_number=own_case, access_code=code), timeout=10))
        locked = [s == grpc.StatusCode.RESOURCE_EXHAUSTED for s in wrong]
        check(all(locked[4:]), f"after 4 wrong codes every guess is refused: {sum(locked[4:])} of 36 locked")

        print("7 amplify: 300 failed lookups of cases that do not exist", flush=True)
        before = database_bytes(data_dir)
        started = time.monotonic()
        for index in range(300):
            code_of(lambda: lookup.LookupCase(dis_pb.LookupCaseRequest(case_number=f"（2026）沪0105执{90000 + index}号", access_code="WRONG"), timeout=10))
        grown = database_bytes(data_dir) - before
        check(grown < 16 * 1024, f"the database grew {grown} bytes in {time.monotonic() - started:.1f} s")
        public.close()

        print("8 resources: live streams, connections, idle TLS", flush=True)
        bank = channel(grpc, pki, "bank-icbc-sh", options.port)
        streams = [ctl_rpc.ControlServiceStub(bank).WatchRequests(ctl_pb.WatchRequestsRequest()) for _ in range(8)]
        results = []

        def drain(stream):
            try:
                for _ in stream:
                    pass
                results.append("ended")
            except grpc.RpcError as error:
                results.append(error.code())

        threads = [threading.Thread(target=drain, args=(s,), daemon=True) for s in streams]
        for t in threads:
            t.start()
        time.sleep(3)
        refused = sum(1 for r in results if r == grpc.StatusCode.RESOURCE_EXHAUSTED)
        check(refused == 4, f"8 watch streams from one bank: {refused} refused RESOURCE_EXHAUSTED, {8 - len(results)} live")
        for s in streams:
            s.cancel()
        bank.close()

        sockets = []
        for _ in range(40):
            s = socket.create_connection((HOST, options.port), timeout=5)
            sockets.append(s)
        time.sleep(1)

        def closed(s):
            s.settimeout(0.2)
            try:
                return s.recv(1) == b""
            except socket.timeout:
                return False
            except OSError:
                return True

        early = sum(1 for s in sockets if closed(s))
        check(early >= 40 - 16, f"40 plain TCP connections from one address: {early} closed at once (limit 16)")
        time.sleep(options.first_stream_deadline + 2)
        late = sum(1 for s in sockets if closed(s))
        check(late == 40, f"connections that never spoke TLS are closed after the deadline: {late} of 40")
        for s in sockets:
            s.close()

        context = ssl.create_default_context(cafile=os.path.join(pki, "ca.pem"))
        context.load_cert_chain(os.path.join(pki, "clients", "court-0105.pem"), os.path.join(pki, "clients", "court-0105-key.pem"))
        context.set_alpn_protocols(["h2"])
        idle = context.wrap_socket(socket.create_connection((HOST, options.port), timeout=5), server_hostname="localhost")
        time.sleep(options.first_stream_deadline + 2)
        gone = False
        idle.settimeout(1)
        try:
            for _ in range(8):  # the server's SETTINGS may be buffered first; then the close
                if not idle.recv(4096):
                    gone = True
                    break
        except (socket.timeout, TimeoutError):
            gone = False
        except (ssl.SSLError, OSError):
            gone = True
        check(gone, "an authenticated TLS connection that never sends a request is closed after the deadline")
        idle.close()

        print("8 resources: unfinished request streams (HTTP/2, never END_STREAM)", flush=True)
        import h2.config
        import h2.connection
        import h2.events
        import h2.exceptions

        def unfinished(connections, streams_each, seconds):
            sent = 0
            resets = 0
            opened = []
            for _ in range(connections):
                tls = ssl.create_default_context(cafile=os.path.join(pki, "ca.pem"))
                tls.load_cert_chain(os.path.join(pki, "clients", "court-0105.pem"), os.path.join(pki, "clients", "court-0105-key.pem"))
                tls.set_alpn_protocols(["h2"])
                sock = tls.wrap_socket(socket.create_connection((HOST, options.port), timeout=5), server_hostname="localhost")
                conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))
                conn.initiate_connection()
                left = {}
                for _ in range(streams_each):
                    sid = conn.get_next_available_stream_id()
                    conn.send_headers(sid, [(":method", "POST"), (":scheme", "https"), (":path", "/enforcement.v1.CaseService/GetCase"),
                                            (":authority", "localhost"), ("content-type", "application/grpc"), ("te", "trailers"),
                                            # an authenticated user: without a token the call is refused at its headers
                                            ("authorization", dict(judge)["authorization"])])
                    conn.send_data(sid, b"\x00" + (1_000_000).to_bytes(4, "big"))
                    left[sid] = 1_000_000 - 16  # never complete the message
                sock.sendall(conn.data_to_send())
                opened.append((sock, conn, left))
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                for sock, conn, left in opened:
                    for sid in list(left):
                        try:
                            room = min(conn.local_flow_control_window(sid), conn.max_outbound_frame_size, left[sid])
                        except Exception:
                            left.pop(sid)
                            continue
                        if room > 0:
                            conn.send_data(sid, b"\x0a" * room)
                            left[sid] -= room
                            sent += room
                    try:
                        sock.sendall(conn.data_to_send())
                        sock.settimeout(0.002)
                        data = sock.recv(65536)
                        if data:
                            for event in conn.receive_data(data):
                                if isinstance(event, h2.events.StreamReset):
                                    left.pop(event.stream_id, None)
                                    resets += 1
                            sock.sendall(conn.data_to_send())
                    except (socket.timeout, TimeoutError):
                        pass
                    except (ssl.SSLError, OSError, h2.exceptions.ProtocolError):
                        pass
            return sent, resets, opened

        before = rss_kib(options.pid)
        sent, resets, opened = unfinished(2, 60, 12)
        during = rss_kib(options.pid)
        # Each connection's unfinished requests may hold 16 messages: the server resets streams past that.
        check(resets > 0, f"the server reset {resets} of 120 never-finished streams once their connection held 16 MiB")
        # The budget holds 16 MiB of unfinished requests per connection: 2 connections, 32 MiB and overhead.
        check(during - before < 64 * 1024,
              f"2 connections × 60 unfinished streams pushed {sent // (1 << 20)} MiB; server memory grew {(during - before) // 1024} MiB (bound 64 MiB)")
        for sock, _, _ in opened:
            sock.close()

        print("end: the server still serves", flush=True)
        timings = []
        for index in range(3):
            started = time.monotonic()
            file_case(court, f"（2025）沪0105民初90{3 + index}号", judge)
            timings.append((time.monotonic() - started) * 1000)
        check(sorted(timings)[1] < 100, "a normal filing at the end took " + ", ".join(f"{t:.0f}" for t in timings) + " ms (median under 100)")
        rss_end = rss_kib(options.pid)
        check(rss_end < 512 * 1024, f"server memory {rss_start // 1024} MiB at the start, {rss_end // 1024} MiB at the end (bound 512 MiB)")
        for ch in (court, other, custodian, platform):
            ch.close()

    if failures:
        print(f"probe-hardening: {len(failures)} FAILED", flush=True)
        return 1
    print("probe-hardening: all probes passed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
