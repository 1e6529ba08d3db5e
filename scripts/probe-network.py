#!/usr/bin/env python3
"""Network faults against a server on 127.0.0.1 (issue 19), bounded in count and time (~40 s).
The server runs with ENFORCEMENT_STREAM_WRITE_SECONDS=3.

1. A bank's WatchRequests stream whose reader stops reading (HTTP/2 window of 256 bytes, never
   updated) while requests keep coming: the server sends at most the window, buffers at most the
   HTTP/2 stream's outbound watermark, and drops the stream (RESOURCE_EXHAUSTED or a reset) 3 s after
   a message could not be written; the bank's stream slot comes back.
2. 40 streams whose client vanishes mid-call (sockets closed without a word): nothing stays held —
   the bank opens its 4 live streams again at once, and the server's memory is flat.
3. Deadlines: 20 filings sent with a deadline of 1–20 ms, each retried with its request id and a
   long deadline: every request id ends as exactly one case (a write whose deadline passed either
   did not commit or committed with its answer kept for the retry — here: kept), never two.

    python3 scripts/probe-network.py --port 8443 --data-dir data --pid PID
"""
import argparse
import os
import random
import socket
import ssl
import sys
import tempfile
import threading
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from probe_common import HOST, check, failures, rss_kib  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--metrics-port", type=int, required=True)
    options = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    pki = os.path.join(os.path.abspath(options.data_dir), "pki")
    sys.path.insert(0, os.path.join(root, "clients", "python"))
    import grpc
    import h2.config
    import h2.connection
    import h2.events
    import h2.settings
    from enforcement_smoke import generate_stubs
    from enforcement_tokens import user_metadata

    out = tempfile.mkdtemp()
    generate_stubs(root, out)
    sys.path.insert(0, out)
    from enforcement.v1 import case_service_pb2 as cases
    from enforcement.v1 import case_service_pb2_grpc as cases_rpc
    from enforcement.v1 import common_pb2 as common

    def read(name):
        with open(os.path.join(pki, name), "rb") as f:
            return f.read()

    court = grpc.secure_channel(f"{HOST}:{options.port}", grpc.ssl_channel_credentials(
        read("ca.pem"), read("clients/court-0105-key.pem"), read("clients/court-0105.pem")))
    filing = cases_rpc.CaseServiceStub(court).FileCase
    metadata = user_metadata(pki, "court-0105", "probe-clerk", ["clerk"])

    def request(request_id):
        return cases.FileCaseRequest(
            request_id=request_id, case_type=cases.CASE_TYPE_FIRST, title_kind=cases.TITLE_KIND_LITIGATION,
            title_document="（2025）沪0105民初5号",
            applicants=[common.Party(kind=common.Party.KIND_PERSON, name="王五", id_number="11010519491231002X")],
            debtors=[common.Party(kind=common.Party.KIND_ORGANISATION, name="上海某某贸易有限公司", id_number="91310000MA1FL8XQ37")],
            amount_sought_fen=1_000_000)

    def bank_socket():
        tls = ssl.create_default_context(cafile=os.path.join(pki, "ca.pem"))
        tls.load_cert_chain(os.path.join(pki, "clients", "bank-icbc-sh.pem"), os.path.join(pki, "clients", "bank-icbc-sh-key.pem"))
        tls.set_alpn_protocols(["h2"])
        return tls.wrap_socket(socket.create_connection((HOST, options.port), timeout=5), server_hostname="localhost")

    def open_watch(sock, window=65535):
        conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))
        conn.initiate_connection()
        conn.update_settings({h2.settings.SettingCodes.INITIAL_WINDOW_SIZE: window})
        sid = conn.get_next_available_stream_id()
        conn.send_headers(sid, [(":method", "POST"), (":scheme", "https"), (":path", "/enforcement.v1.ControlService/WatchRequests"),
                                (":authority", "localhost"), ("content-type", "application/grpc"), ("te", "trailers")])
        conn.send_data(sid, b"\x00\x00\x00\x00\x00", end_stream=True)
        sock.sendall(conn.data_to_send())
        return conn, sid

    start_rss = rss_kib(options.pid)

    # 1. A reader that stops reading.
    for _ in range(3):
        filing(request(f"probe-{uuid.uuid4()}"), metadata=metadata, timeout=15)
    sock = bank_socket()
    conn, sid = open_watch(sock, window=256)
    received, ended, status = 0, None, None
    started = time.monotonic()
    feeder_stop = threading.Event()

    def feed():  # requests keep coming while the bank does not read (past HTTP/2's buffered window)
        while not feeder_stop.is_set():
            try:
                filing(request(f"probe-{uuid.uuid4()}"), metadata=metadata, timeout=15)
            except grpc.RpcError:
                pass

    feeders = [threading.Thread(target=feed, daemon=True) for _ in range(4)]
    for feeder in feeders:
        feeder.start()
    def dropped():
        # The server's own account: the stream's handler ended RESOURCE_EXHAUSTED and no
        # WatchRequests stream is held (its trailers may wait behind the data the window holds).
        import urllib.request
        page = urllib.request.urlopen(f"http://{HOST}:{options.metrics_port}/metrics", timeout=5).read().decode()
        values = {}
        for line in page.splitlines():
            if line.startswith(('enforcement_rpc_requests_total{method="enforcement.v1.ControlService/WatchRequests",code="RESOURCE_EXHAUSTED"}',
                                'enforcement_open_streams{kind="WatchRequests"}')):
                values[line.split("{")[0]] = float(line.rsplit(" ", 1)[1])
        return values.get("enforcement_rpc_requests_total", 0) >= 1 and values.get("enforcement_open_streams", 1) == 0

    sock.settimeout(0.5)
    while time.monotonic() - started < 45 and ended is None:
        if dropped():
            ended = "dropped by the server (metrics: RESOURCE_EXHAUSTED, no WatchRequests stream held)"
            break
        try:
            data = sock.recv(65536)
        except (socket.timeout, TimeoutError):
            continue
        if not data:
            ended = "connection closed"
            break
        for event in conn.receive_data(data):
            if isinstance(event, h2.events.DataReceived):
                received += len(event.data)  # never acknowledged: the window stays shut
            elif isinstance(event, h2.events.TrailersReceived):
                status = dict((k.decode() if isinstance(k, bytes) else k, v.decode() if isinstance(v, bytes) else v) for k, v in event.headers).get("grpc-status")
                ended = f"trailers grpc-status {status}"
            elif isinstance(event, h2.events.StreamReset):
                ended = f"reset {event.error_code}"
        sock.sendall(conn.data_to_send())
    feeder_stop.set()
    elapsed = time.monotonic() - started
    check(ended is not None and elapsed < 45, f"a bank that stops reading: the stream ended after {elapsed:.1f} s ({ended}); the limit is 3 s after a message cannot be written")
    check(status in (None, "8"), f"ended as RESOURCE_EXHAUSTED or a reset (grpc-status {status})")
    check(received <= 256 + 64, f"the server sent {received} bytes into a 256-byte window")
    sock.close()

    # 2. Clients that vanish mid-call.
    vanished = []
    for _ in range(40):
        try:
            s = bank_socket()
            open_watch(s)
            vanished.append(s)
        except OSError:
            pass
    time.sleep(0.5)
    for s in vanished:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")  # RST, no goodbye
        s.close()
    time.sleep(2)
    socks, opened = [], 0
    for _ in range(4):
        s = bank_socket()
        c, sid = open_watch(s)
        s.settimeout(3)
        deadline = time.monotonic() + 3
        live = True
        while time.monotonic() < deadline:
            try:
                data = s.recv(65536)
            except (socket.timeout, TimeoutError):
                break
            if not data:
                live = False
                break
            if any(isinstance(e, (h2.events.TrailersReceived, h2.events.StreamReset)) for e in c.receive_data(data)):
                live = False
                break
            s.sendall(c.data_to_send())
        opened += 1 if live else 0
        socks.append(s)
    check(opened == 4, f"after 40 vanished clients the bank opens its 4 live streams again ({opened} live)")
    for s in socks:
        s.close()

    # 3. Deadlines that pass mid-write.
    counts = {}
    for index in range(20):
        request_id = f"deadline-{uuid.uuid4()}"
        first = None
        try:
            first = filing(request(request_id), metadata=metadata, timeout=random.uniform(0.001, 0.02)).case_number
        except grpc.RpcError as error:
            if error.code() != grpc.StatusCode.DEADLINE_EXCEEDED:
                failures.append(f"a short deadline answered {error.code()}")
        retried = filing(request(request_id), metadata=metadata, timeout=15).case_number
        if first is not None and first != retried:
            failures.append(f"{request_id}: answered {first}, then {retried}")
        counts[retried] = counts.get(retried, 0) + 1
    check(len(counts) == 20 and set(counts.values()) == {1},
          f"20 filings with deadlines of 1–20 ms, each retried: {len(counts)} distinct cases, none doubled")
    time.sleep(1)
    end_rss = rss_kib(options.pid)
    check(end_rss < 512 * 1024, f"server memory {start_rss // 1024} MiB at the start, {end_rss // 1024} MiB at the end (bound 512 MiB)")
    try:
        os.kill(options.pid, 0)
        check(True, "the server is alive")
    except OSError:
        check(False, "the server is alive")
    court.close()
    print(f"{len(failures)} probe(s) failed" if failures else "network probes: OK")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
