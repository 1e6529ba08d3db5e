#!/usr/bin/env python3
"""Probes of the wire's own listeners, against 127.0.0.1 only, bounded in count and time (~30 s).

1. The metrics listener (plain HTTP): 40 idle connections at once, a 200 KB request head and a
   request that never ends; /metrics must still answer, and the server's memory stay bounded.
2. The plaintext health listener: 100 Watch streams over 10 connections; the server holds at most
   its bound (the rest RESOURCE_EXHAUSTED or refused), and Check answers afterwards.
3. Reflection: one stream asking 3,000 times for a file: the stream is cut at its byte bound
   (RESOURCE_EXHAUSTED) or answered, never more than it asked; the server goes on.

    python3 scripts/probe-ecosystem.py --port 8443 --health-port 8445 --metrics-port 9464 --data-dir data --pid PID
"""
import argparse
import os
import socket
import sys
import threading
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from probe_common import HOST, check, failures, rss_kib  # noqa: E402


def get_metrics(port, timeout=5):
    with urllib.request.urlopen(f"http://{HOST}:{port}/metrics", timeout=timeout) as response:
        return response.status, response.read().decode()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--health-port", type=int, required=True)
    parser.add_argument("--metrics-port", type=int, required=True)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--pid", type=int, required=True)
    options = parser.parse_args()
    pki = os.path.join(os.path.abspath(options.data_dir), "pki")
    start_rss = rss_kib(options.pid)

    # 1. Metrics listener.
    idle = []
    for _ in range(40):
        try:
            idle.append(socket.create_connection((HOST, options.metrics_port), timeout=2))
        except OSError:
            break
    big = socket.create_connection((HOST, options.metrics_port), timeout=5)
    try:
        big.sendall(b"GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 200_000 + b"\r\n\r\n")
        answer = big.recv(100)
    except OSError:
        answer = b""
    check(not answer.startswith(b"HTTP/1.1 200"), f"a 200 KB request head is not answered 200 ({answer[:30]!r})")
    big.close()
    # The idle connections are closed by the server within about 10 s; then /metrics answers.
    deadline = time.monotonic() + 15
    status = None
    while time.monotonic() < deadline:
        try:
            status, page = get_metrics(options.metrics_port, timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    check(status == 200, f"/metrics answers with 40 idle connections held ({len(idle)} opened)")
    for sock in idle:
        sock.close()

    # 2. Health watches on the plaintext listener.
    import grpc
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    channels = [grpc.insecure_channel(f"{HOST}:{options.health_port}", options=[("grpc.use_local_subchannel_pool", 1)]) for _ in range(10)]
    outcomes = []
    lock = threading.Lock()
    calls = []

    def watch(channel):
        call = health_pb2_grpc.HealthStub(channel).Watch(health_pb2.HealthCheckRequest(), timeout=20)
        with lock:
            calls.append(call)
        try:
            for _ in call:
                with lock:
                    outcomes.append("open")
                break
        except grpc.RpcError as error:
            with lock:
                outcomes.append(error.code().name)

    # Every watch is held until all have been tried: what is open after 8 s is open at once.
    threads = [threading.Thread(target=watch, args=(channels[i % 10],), daemon=True) for i in range(100)]
    for thread in threads:
        thread.start()
    time.sleep(8)
    with lock:
        opened = outcomes.count("open")
        refused = sorted(set(outcomes) - {"open"})
    check(opened <= 64, f"100 health watches held at once: {opened} open, at most 64 (the bound); refused: {refused}")
    for call in calls:
        call.cancel()
    for thread in threads:
        thread.join(5)
    for channel in channels:
        channel.close()
    # The server frees the watches' connections as their closes arrive: a new probe gets in within seconds.
    status, waited = None, time.monotonic()
    while status is None and time.monotonic() - waited < 15:
        plain = grpc.insecure_channel(f"{HOST}:{options.health_port}")
        try:
            status = health_pb2_grpc.HealthStub(plain).Check(health_pb2.HealthCheckRequest(), timeout=5).status
        except grpc.RpcError:
            time.sleep(0.5)
        finally:
            plain.close()
    check(status == health_pb2.HealthCheckResponse.SERVING,
          f"Check answers SERVING after the watches (within {time.monotonic() - waited:.1f} s)")

    # 3. A long reflection stream over mTLS.
    from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

    def read(name):
        with open(os.path.join(pki, name), "rb") as f:
            return f.read()

    credentials = grpc.ssl_channel_credentials(read("ca.pem"), read("clients/bank-icbc-sh-key.pem"), read("clients/bank-icbc-sh.pem"))
    with grpc.secure_channel(f"{HOST}:{options.port}", credentials) as channel:
        stub = reflection_pb2_grpc.ServerReflectionStub(channel)
        requests = (reflection_pb2.ServerReflectionRequest(file_by_filename="enforcement/v1/control_service.proto") for _ in range(3000))
        answered, code = 0, "OK"
        try:
            for _ in stub.ServerReflectionInfo(requests, timeout=30):
                answered += 1
        except grpc.RpcError as error:
            code = error.code().name
        check(answered <= 3000 and code in ("OK", "RESOURCE_EXHAUSTED"), f"3,000 reflection requests on one stream: {answered} answered, ended {code}")

    time.sleep(1)
    status, page = get_metrics(options.metrics_port)
    check(status == 200 and "enforcement_rpc_requests_total" in page, "the metrics page still answers and counts the probes' calls")
    end_rss = rss_kib(options.pid)
    check(end_rss < 512 * 1024, f"server memory {start_rss // 1024} MiB at the start, {end_rss // 1024} MiB at the end (bound 512 MiB)")
    try:
        os.kill(options.pid, 0)
        alive = True
    except OSError:
        alive = False
    check(alive, "the server is alive")
    print(f"{len(failures)} probe(s) failed" if failures else "ecosystem probes: OK")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
