#!/usr/bin/env python3
"""A court of another province (苏0102) using the delegation API with Python grpcio over mTLS.

    python3 clients/python/external_court.py --port 8443 --data-dir data send --location 上海市长宁区仙霞路99号
    python3 clients/python/external_court.py --port 8443 --data-dir data result DT00000001 [--wait 30]

`send` delegates a seal task of case （2026）苏0102执5号 into the city without naming a receiver:
the command centre routes it by the asset's district; it prints the task id and the court it was
routed to. `result` reads the task with its steps (waiting up to --wait seconds for completion)
and prints what the receiving court did; it exits 1 if the task is not completed.
"""
import argparse
import hashlib
import os
import sys
import tempfile
import time
import uuid

from enforcement_smoke import channel, generate_stubs
from enforcement_tokens import user_metadata


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8443)
    parser.add_argument("--data-dir", default="data")
    parser.add_argument("--identity", default="court-su0102")
    parser.add_argument("--user", default="zhou.judge", help="the user id its sign-on names (a judge)")
    commands = parser.add_subparsers(dest="command", required=True)
    send = commands.add_parser("send")
    send.add_argument("--case", default="（2026）苏0102执5号")
    send.add_argument("--location", required=True)
    result = commands.add_parser("result")
    result.add_argument("task")
    result.add_argument("--wait", type=float, default=0)
    options = parser.parse_args()
    repo_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    pki = os.path.join(os.path.abspath(options.data_dir), "pki")

    import grpc

    with tempfile.TemporaryDirectory() as out:
        generate_stubs(repo_root, out)
        sys.path.insert(0, out)
        from enforcement.v1 import delegation_service_pb2 as pb
        from enforcement.v1 import delegation_service_pb2_grpc as rpc

        # The court's own sign-on names the judge: a token signed with the court's key (PyJWT, ES256).
        metadata = user_metadata(pki, options.identity, options.user, ["judge"], name="周法官")
        with channel(grpc, pki, options.identity, options.port) as ch:
            stub = rpc.DelegationServiceStub(ch)
            if options.command == "send":
                letter = "委托执行函（2026）苏0102执委1号".encode()
                task = stub.SendTask(pb.SendTaskRequest(
                    request_id=f"su0102-{uuid.uuid4()}", case_number=options.case, kind=pb.DELEGATION_KIND_SEAL,
                    debtor_name="上海某某贸易有限公司", debtor_id="91310000MA1FL8XQ37", asset="房产 " + options.location,
                    location=options.location, legal_basis="（2026）苏0102执委1号",
                    documents=[pb.Document(name="委托执行函", sha256=hashlib.sha256(letter).hexdigest())]), metadata=metadata, timeout=15)
                print(task.id, task.receiver, task.routing.district)
                return 0
            deadline = time.time() + options.wait
            while True:
                task = stub.GetTask(pb.GetTaskRequest(task_id=options.task), metadata=metadata, timeout=15)
                if task.status == pb.DELEGATION_STATUS_COMPLETED or time.time() >= deadline:
                    break
                time.sleep(0.2)
            steps = " → ".join(step.kind for step in task.steps)
            print(f"{task.id} {pb.DelegationStatus.Name(task.status)} by {task.receiver}: {steps}")
            if task.status != pb.DELEGATION_STATUS_COMPLETED:
                return 1
            print(f"result: {task.result_summary}")
            for asset in task.result_assets:
                print(f"  asset: {asset}")
            for attachment in task.result_attachments:
                print(f"  attachment: {attachment.name} sha256:{attachment.sha256}")
            return 0


if __name__ == "__main__":
    sys.exit(main())
