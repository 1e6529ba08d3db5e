#!/usr/bin/env python3
"""The public credit platform reading the dishonest-debtor list feed with Python grpcio over mTLS.

    python3 clients/python/credit_platform.py --port 8443 --data-dir data --state state.json read
    python3 clients/python/credit_platform.py --port 8443 --data-dir data --state state.json follow --seconds 5

`read` pages through every change after the saved cursor (0 when there is no state file yet),
prints each entry as one JSON line (position, change, record), and saves the position of the
last entry processed in the state file only after all of them were printed: a crash re-reads,
never skips. `follow` does the same over the streaming RPC for --seconds. The platform's
certificate is the development identity `credit-platform` (urn:enforcement:credit-platform:SH).
"""
import argparse
import json
import os
import sys
import tempfile

from enforcement_smoke import channel, generate_stubs


def load_cursor(path: str) -> int:
    if not os.path.exists(path):
        return 0
    with open(path) as f:
        return int(json.load(f)["cursor"])


def save_cursor(path: str, cursor: int) -> None:
    partial = path + ".partial"
    with open(partial, "w") as f:
        json.dump({"cursor": cursor}, f)
    os.replace(partial, path)


def as_dict(pb, entry) -> dict:
    record = entry.record
    return {
        "position": entry.position,
        "change": pb.DishonestChange.Name(entry.change).removeprefix("DISHONEST_CHANGE_").lower(),
        "measure_id": record.measure_id, "name": record.name, "id_number": record.id_number, "court": record.court_name,
        "case_number": record.case_number, "basis_document": record.basis_document, "obligation": record.obligation,
        "performance": record.performance, "behaviour": record.behaviour, "published_on": record.published_on,
        "removed_on": record.removed_on, "removal_reason": record.removal_reason,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8443)
    parser.add_argument("--data-dir", default="data")
    parser.add_argument("--identity", default="credit-platform")
    parser.add_argument("--state", required=True, help="JSON file holding the saved cursor")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("read")
    follow = commands.add_parser("follow")
    follow.add_argument("--seconds", type=float, default=5)
    options = parser.parse_args()
    repo_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    pki = os.path.join(os.path.abspath(options.data_dir), "pki")

    import grpc

    with tempfile.TemporaryDirectory() as out:
        generate_stubs(repo_root, out)
        sys.path.insert(0, out)
        from enforcement.v1 import deterrence_service_pb2 as pb
        from enforcement.v1 import deterrence_service_pb2_grpc as rpc

        cursor = load_cursor(options.state)
        with channel(grpc, pki, options.identity, options.port) as ch:
            stub = rpc.DeterrenceServiceStub(ch)
            if options.command == "read":
                while True:
                    page = stub.ReadDishonestFeed(pb.ReadDishonestFeedRequest(after_cursor=cursor, page_size=100), timeout=15)
                    for entry in page.entries:
                        print(json.dumps(as_dict(pb, entry), ensure_ascii=False))
                    if not page.entries:
                        break
                    cursor = page.next_cursor
                    if cursor >= page.last_position:
                        break
            else:
                stream = stub.WatchDishonestFeed(pb.WatchDishonestFeedRequest(after_cursor=cursor), timeout=options.seconds)
                try:
                    for entry in stream:
                        print(json.dumps(as_dict(pb, entry), ensure_ascii=False), flush=True)
                        cursor = entry.position
                except grpc.RpcError as error:
                    if error.code() != grpc.StatusCode.DEADLINE_EXCEEDED:
                        raise
        save_cursor(options.state, cursor)
        print(f"cursor {cursor}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
