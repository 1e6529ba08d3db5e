"""Adversarial probes of the evidence upload (issue 18) against a running server on 127.0.0.1 only,
bounded in count and time (well under a minute):

  1 scope      an upload to another court's case, of a hash no record declared, of a path-like hash
  2 message    one chunk of 2 MiB (the message bound is 1 MiB)
  3 quota      17 uploads held open at once by one court: the 17th is refused, the others end cleanly
  4 forged     bytes that do not match the declared hash are not kept, and nothing counts
  5 memory     after all of it the server's memory stays bounded and a normal upload completes

    python3 scripts/probe-field.py --port P --data-dir DIR --pid PID
"""
import argparse
import datetime
import hashlib
import os
import sys
import tempfile
import threading
import time
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "clients", "python"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from enforcement_smoke import channel, generate_stubs  # noqa: E402
from enforcement_tokens import user_metadata  # noqa: E402
from probe_common import check, failures, rss_kib  # noqa: E402

COURT_ROLES = ["judge", "clerk"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--pid", type=int, required=True)
    options = parser.parse_args()
    pki = os.path.join(os.path.abspath(options.data_dir), "pki")
    repo_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    import grpc
    from google.protobuf.timestamp_pb2 import Timestamp

    with tempfile.TemporaryDirectory() as out:
        generate_stubs(repo_root, out)
        sys.path.insert(0, out)
        from enforcement.v1 import case_service_pb2 as case_pb, case_service_pb2_grpc as case_rpc
        from enforcement.v1 import common_pb2 as common
        from enforcement.v1 import field_service_pb2 as pb, field_service_pb2_grpc as rpc

        judge = user_metadata(pki, "court-0105", "probe-judge", COURT_ROLES, lifetime=3000)
        judge0101 = user_metadata(pki, "court-0101", "probe-judge", COURT_ROLES, lifetime=3000)
        court, other = channel(grpc, pki, "court-0105", options.port), channel(grpc, pki, "court-0101", options.port)

        def file_case(ch, title, metadata):
            return case_rpc.CaseServiceStub(ch).FileCase(case_pb.FileCaseRequest(
                request_id=str(uuid.uuid4()), case_type=case_pb.CASE_TYPE_FIRST, title_kind=case_pb.TITLE_KIND_LITIGATION,
                title_document=title, applicants=[common.Party(kind=common.Party.KIND_PERSON, name="王五", id_number="11010519491231002X")],
                debtors=[common.Party(kind=common.Party.KIND_PERSON, name="李四", id_number="110105198005171239")],
                amount_sought_fen=10_000_000), metadata=metadata, timeout=15).case_number

        own, foreign = file_case(court, "（2025）沪0105民初951号", judge), file_case(other, "（2025）沪0101民初952号", judge0101)
        now = Timestamp()
        now.FromDatetime(datetime.datetime.now(datetime.timezone.utc))
        photos = [b"\xff\xd8\xff\xe0" + os.urandom(300_000) for _ in range(18)]
        digests = [hashlib.sha256(p).hexdigest() for p in photos]
        field, field0101 = rpc.FieldServiceStub(court), rpc.FieldServiceStub(other)
        field.RecordFieldAction(pb.RecordFieldActionRequest(
            request_id=str(uuid.uuid4()), case_number=own, kind=pb.FIELD_ACTION_KIND_SITE_INSPECTION, occurred_at=now, device_now=now,
            officers=["李法官"], evidence=[pb.EvidenceFile(sha256=d, size=len(p), media_type="image/jpeg", name=f"{i}.jpg")
                                         for i, (d, p) in enumerate(zip(digests, photos))]), metadata=judge, timeout=15)
        rss_start = rss_kib(options.pid)

        def upload(stub, metadata, case, sha, chunks, timeout=15):
            def messages():
                for index, (offset, data) in enumerate(chunks):
                    yield pb.UploadEvidenceRequest(case_number=case if index == 0 else "", sha256=sha if index == 0 else "",
                                                   offset=offset, data=data)
            try:
                return stub.UploadEvidence(messages(), metadata=metadata, timeout=timeout), None
            except grpc.RpcError as error:
                return None, error

        def whole(data, size=256 * 1024):
            return [(start, data[start:start + size]) for start in range(0, len(data), size)]

        print("1 scope", flush=True)
        _, error = upload(field0101, judge0101, own, digests[0], whole(photos[0]))
        # Answered as for a case that does not exist: the message names only the number asked.
        check(error is not None and error.code() == grpc.StatusCode.NOT_FOUND and error.details() == f"case_number: no case {own}",
              f"another court's case → {error and error.code()} ({error and error.details()[:80]})")
        _, error = upload(field, judge, foreign, digests[0], whole(photos[0]))
        check(error is not None and error.code() == grpc.StatusCode.NOT_FOUND, f"an upload into 沪0101's case by 沪0105 → {error and error.code()}")
        _, error = upload(field, judge, own, hashlib.sha256(b"never declared").hexdigest(), whole(b"\xff\xd8\xff" + b"x" * 100))
        check(error is not None and error.code() == grpc.StatusCode.NOT_FOUND, f"a hash no record declared → {error and error.code()}")
        _, error = upload(field, judge, own, "../../../etc/passwd" + "0" * 45, whole(photos[0]))
        check(error is not None and error.code() == grpc.StatusCode.INVALID_ARGUMENT, f"a path for a hash → {error and error.code()}")

        print("2 message", flush=True)
        _, error = upload(field, judge, own, digests[1], [(0, b"\xff\xd8\xff" + b"\0" * (2 << 20))])
        check(error is not None and error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED, f"a 2 MiB chunk → {error and error.code()}")

        print("3 quota", flush=True)
        release = threading.Event()
        results = []

        def held(index):
            def messages():
                yield pb.UploadEvidenceRequest(case_number=own, sha256=digests[index], offset=0, data=photos[index][:1024])
                release.wait(20)
            try:
                field.UploadEvidence(messages(), metadata=judge, timeout=30)
                results.append(None)
            except grpc.RpcError as error:
                results.append(error.code())

        threads = [threading.Thread(target=held, args=(i,)) for i in range(2, 18)]
        for thread in threads:
            thread.start()
        time.sleep(1.5)
        _, error = upload(field, judge, own, digests[0], whole(photos[0]))
        check(error is not None and error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED and "16" in error.details(),
              f"a 17th upload at once → {error and error.code()} ({error and error.details()[:90]})")
        release.set()
        for thread in threads:
            thread.join(30)
        check(results.count(None) == 16, f"the 16 held uploads ended cleanly, each keeping its part: {results.count(None)} of 16")
        status = field.GetUploadStatus(pb.GetUploadStatusRequest(case_number=own, sha256=digests[2]), metadata=judge, timeout=10)
        check(status.bytes_held == 1024 and not status.complete, f"a held upload's part is kept for its resume: {status.bytes_held} bytes")

        print("4 forged", flush=True)
        forged = b"\xff\xd8\xff\xe0" + os.urandom(len(photos[0]) - 4)
        _, error = upload(field, judge, own, digests[0], whole(forged))
        status = field.GetUploadStatus(pb.GetUploadStatusRequest(case_number=own, sha256=digests[0]), metadata=judge, timeout=10)
        check(error is not None and error.code() == grpc.StatusCode.INVALID_ARGUMENT and status.bytes_held == 0 and not status.complete,
              f"other bytes under a declared hash → {error and error.code()}, {status.bytes_held} bytes kept")

        print("5 memory", flush=True)
        answer, error = upload(field, judge, own, digests[0], whole(photos[0]))
        check(error is None and answer.complete, f"a normal upload afterwards completes: {error and error.code()}")
        grown = (rss_kib(options.pid) - rss_start) // 1024
        check(grown < 128, f"server memory grew {grown} MiB over the probes (bound 128 MiB)")
        check(os.path.exists(f"/proc/{options.pid}"), "the server process is alive")
    print("probe-field: " + ("all probes passed" if not failures else f"{len(failures)} FAILED"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
