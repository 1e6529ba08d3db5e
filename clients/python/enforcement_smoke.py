#!/usr/bin/env python3
"""A non-Swift gRPC stack calling the enforcement platform over mutual TLS.

Generates Python stubs from proto/ at run time (grpcio-tools), then, as the development
identity of court 沪0105 and a clerk's user token signed with PyJWT, files a case, reads it back, retries the filing with the same
request id (same answer), and checks that court 沪0101 is refused the case.

    python3 clients/python/enforcement_smoke.py --port 8443 --data-dir data
"""
import argparse
import os
import sys
import tempfile
import uuid


def generate_stubs(repo_root: str, out_dir: str) -> None:
    from grpc_tools import protoc
    import grpc_tools

    proto_root = os.path.join(repo_root, "proto")
    files = []
    for folder, _, names in os.walk(os.path.join(proto_root, "enforcement")):
        files += [os.path.relpath(os.path.join(folder, n), proto_root) for n in names if n.endswith(".proto")]
    include = os.path.join(os.path.dirname(grpc_tools.__file__), "_proto")
    args = ["protoc", f"-I{proto_root}", f"-I{include}", f"--python_out={out_dir}", f"--grpc_python_out={out_dir}"] + sorted(files)
    if protoc.main(args) != 0:
        raise SystemExit("stub generation failed")
    for folder, _, _ in os.walk(out_dir):  # make the generated folders importable packages
        open(os.path.join(folder, "__init__.py"), "a").close()


def channel(grpc, pki: str, identity: str, port: int):
    def read(name):
        with open(os.path.join(pki, name), "rb") as f:
            return f.read()

    credentials = grpc.ssl_channel_credentials(
        root_certificates=read("ca.pem"),
        private_key=read(f"clients/{identity}-key.pem"),
        certificate_chain=read(f"clients/{identity}.pem"),
    )
    return grpc.secure_channel(f"127.0.0.1:{port}", credentials)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8443)
    parser.add_argument("--data-dir", default="data")
    options = parser.parse_args()
    repo_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    pki = os.path.join(os.path.abspath(options.data_dir), "pki")

    import grpc

    with tempfile.TemporaryDirectory() as out:
        generate_stubs(repo_root, out)
        sys.path.insert(0, out)
        from enforcement.v1 import case_service_pb2 as pb
        from enforcement.v1 import case_service_pb2_grpc as rpc
        from enforcement.v1 import common_pb2 as common

        from enforcement_tokens import user_metadata

        # A clerk of 沪0105 signed in through the court's sign-on: a token signed with the court's key.
        metadata = user_metadata(pki, "court-0105", "py-clerk", ["clerk"], name="Python 书记员")
        request = pb.FileCaseRequest(
            request_id=f"py-{uuid.uuid4()}",
            case_type=pb.CASE_TYPE_FIRST,
            title_kind=pb.TITLE_KIND_LITIGATION,
            title_document="（2025）沪0105民初77号",
            applicants=[common.Party(kind=common.Party.KIND_PERSON, name="王五", id_number="11010519491231002X")],
            debtors=[common.Party(kind=common.Party.KIND_ORGANISATION, name="上海某某贸易有限公司", id_number="91310000MA1FL8XQ37")],
            amount_sought_fen=100_000_000,  # 1,000,000 RMB
        )
        with channel(grpc, pki, "court-0105", options.port) as ch:
            stub = rpc.CaseServiceStub(ch)
            filed = stub.FileCase(request, metadata=metadata, timeout=15)
            print(f"filed {filed.case_number}, fee {filed.enforcement_fee_fen / 100:.2f} RMB, due {filed.due_on}")
            assert filed.enforcement_fee_fen == 1_240_000, filed.enforcement_fee_fen  # 1,000,000 RMB → 12,400 RMB
            again = stub.FileCase(request, metadata=metadata, timeout=15)
            assert again.case_number == filed.case_number, "a retry with the same request id must answer the same case"
            read = stub.GetCase(pb.GetCaseRequest(case_number=filed.case_number), metadata=metadata, timeout=15)
            assert read.debtors[0].id_number == "91310000MA1FL8XQ37"
            print(f"read {read.case_number}: status {pb.CaseStatus.Name(read.status)}")
            try:
                bad = pb.FileCaseRequest()
                bad.CopyFrom(request)
                bad.request_id = f"py-{uuid.uuid4()}"
                bad.amount_sought_fen = -1
                stub.FileCase(bad, metadata=metadata, timeout=15)
                raise SystemExit("a negative amount was accepted")
            except grpc.RpcError as error:
                assert error.code() == grpc.StatusCode.INVALID_ARGUMENT, error.code()
                print(f"negative amount refused: {error.code().name}: {error.details()}")
        with channel(grpc, pki, "court-0101", options.port) as ch:
            try:
                other = user_metadata(pki, "court-0101", "py-judge", ["judge"])
                rpc.CaseServiceStub(ch).GetCase(pb.GetCaseRequest(case_number=filed.case_number), metadata=other, timeout=15)
                raise SystemExit("court 沪0101 read a case of 沪0105")
            except grpc.RpcError as error:
                assert error.code() == grpc.StatusCode.NOT_FOUND, error.code()  # outside its scope a case does not exist
                print(f"other court refused: {error.code().name}")
    print("python grpcio client: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
