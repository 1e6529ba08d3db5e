#!/usr/bin/env python3
"""The platform as ordinary gRPC tooling meets it: no stubs and no .proto files of ours.

Uses only grpcio with grpcio-health-checking, grpcio-reflection and grpcio-status (and the token
helper beside this file, since every court call carries a signed user token):

1. health on the plaintext health port (no certificate) and over mutual TLS: overall, per service,
   an unknown service (NOT_FOUND), List;
2. reflection (v1alpha, as grpcio-reflection asks): lists the services, describes FileCase, builds
   a FileCaseRequest from the reflected descriptors and files a case with it;
3. a bad filing: reads the google.rpc.BadRequest field violation and the ErrorInfo reason from
   grpc-status-details-bin;
4. with --pid: sends SIGTERM while a Watch is open on the health port and expects NOT_SERVING
   before the stream ends.

    python3 clients/python/ecosystem_check.py --port 8443 --health-port 8445 --data-dir data [--pid PID]
"""
import argparse
import os
import signal
import sys
import threading
import time
import uuid


def read(pki: str, name: str) -> bytes:
    with open(os.path.join(pki, name), "rb") as f:
        return f.read()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8443)
    parser.add_argument("--health-port", type=int, default=8445)
    parser.add_argument("--data-dir", default="data")
    parser.add_argument("--pid", type=int, help="the server's process: SIGTERM it at the end and watch health go NOT_SERVING")
    options = parser.parse_args()
    pki = os.path.join(os.path.abspath(options.data_dir), "pki")
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

    import grpc
    from google.protobuf import descriptor_pool, message_factory
    from google.rpc import error_details_pb2
    from grpc_health.v1 import health_pb2, health_pb2_grpc
    from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase
    from grpc_status import rpc_status

    from enforcement_tokens import user_metadata

    # 0. Our copies of grpc/health/v1 and grpc/reflection/v1alpha are the published contracts:
    #    the committed descriptor set against the descriptors grpcio's own packages carry.
    from google.protobuf import descriptor_pb2
    from grpc_reflection.v1alpha import reflection_pb2
    repo_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    committed = descriptor_pb2.FileDescriptorSet()
    with open(os.path.join(repo_root, "Sources/EnforcementAPI/Descriptors/enforcement.binpb"), "rb") as f:
        committed.ParseFromString(f.read())
    ours = {file.name: file for file in committed.file}
    for module, name in ((health_pb2, "grpc/health/v1/health.proto"), (reflection_pb2, "grpc/reflection/v1alpha/reflection.proto")):
        official = descriptor_pb2.FileDescriptorProto()
        module.DESCRIPTOR.CopyToProto(official)
        mine = descriptor_pb2.FileDescriptorProto()
        mine.CopyFrom(ours[name])
        for message in mine.message_type:  # protoc adds json_name to a descriptor set; the contract is the rest
            for field in message.field:
                field.ClearField("json_name")
            for nested in message.nested_type:
                for field in nested.field:
                    field.ClearField("json_name")
        assert (mine.package, mine.message_type, mine.service, mine.options) == \
            (official.package, official.message_type, official.service, official.options), name
    print("grpc/health/v1 and grpc/reflection/v1alpha match grpcio's published descriptors")

    SERVING = health_pb2.HealthCheckResponse.SERVING
    NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING

    # 1. Health without a certificate, on the plaintext port.
    plain = grpc.insecure_channel(f"127.0.0.1:{options.health_port}")
    health = health_pb2_grpc.HealthStub(plain)
    assert health.Check(health_pb2.HealthCheckRequest(), timeout=10).status == SERVING
    assert health.Check(health_pb2.HealthCheckRequest(service="enforcement.v1.CaseService"), timeout=10).status == SERVING
    try:
        health.Check(health_pb2.HealthCheckRequest(service="no.such.Service"), timeout=10)
        raise SystemExit("an unknown service was answered")
    except grpc.RpcError as error:
        assert error.code() == grpc.StatusCode.NOT_FOUND, error.code()
    listed = health.List(health_pb2.HealthListRequest(), timeout=10).statuses
    assert "" in listed and "enforcement.v1.FundsService" in listed, sorted(listed)
    print(f"health (plaintext :{options.health_port}): SERVING; List names {len(listed)} entries")

    # Over mutual TLS, as a bank's certificate, with no user token.
    credentials = grpc.ssl_channel_credentials(
        root_certificates=read(pki, "ca.pem"),
        private_key=read(pki, "clients/bank-icbc-sh-key.pem"),
        certificate_chain=read(pki, "clients/bank-icbc-sh.pem"))
    with grpc.secure_channel(f"127.0.0.1:{options.port}", credentials) as bank:
        status = health_pb2_grpc.HealthStub(bank).Check(health_pb2.HealthCheckRequest(), timeout=10).status
        assert status == SERVING, status
    print("health (mTLS, a bank's certificate, no token): SERVING")

    # 2. Reflection as a court: list, describe, build a request from descriptors, call.
    credentials = grpc.ssl_channel_credentials(
        root_certificates=read(pki, "ca.pem"),
        private_key=read(pki, "clients/court-0105-key.pem"),
        certificate_chain=read(pki, "clients/court-0105.pem"))
    with grpc.secure_channel(f"127.0.0.1:{options.port}", credentials) as court:
        database = ProtoReflectionDescriptorDatabase(court)
        services = database.get_services()
        for expected in ("enforcement.v1.CaseService", "enforcement.v1.ControlService", "enforcement.v1.FundsService",
                         "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection"):
            assert expected in services, (expected, services)
        pool = descriptor_pool.DescriptorPool(database)
        method = pool.FindServiceByName("enforcement.v1.CaseService").FindMethodByName("FileCase")
        print(f"reflection lists {len(services)} services; FileCase({method.input_type.full_name}) "
              f"returns {method.output_type.full_name}; fields: {', '.join(f.name for f in method.input_type.fields)}")
        Request = message_factory.GetMessageClass(method.input_type)
        Response = message_factory.GetMessageClass(method.output_type)
        Party = message_factory.GetMessageClass(pool.FindMessageTypeByName("enforcement.v1.Party"))
        kind = pool.FindEnumTypeByName("enforcement.v1.Party.Kind").values_by_name
        case_type = pool.FindEnumTypeByName("enforcement.v1.CaseType").values_by_name
        title_kind = pool.FindEnumTypeByName("enforcement.v1.TitleKind").values_by_name
        request = Request(
            request_id=f"eco-{uuid.uuid4()}",
            case_type=case_type["CASE_TYPE_FIRST"].number,
            title_kind=title_kind["TITLE_KIND_LITIGATION"].number,
            title_document="（2025）沪0105民初66号",
            applicants=[Party(kind=kind["KIND_PERSON"].number, name="赵六", id_number="11010519491231002X")],
            debtors=[Party(kind=kind["KIND_ORGANISATION"].number, name="上海某某贸易有限公司", id_number="91310000MA1FL8XQ37")],
            amount_sought_fen=5_000_000)
        file_case = court.unary_unary(
            "/enforcement.v1.CaseService/FileCase",
            request_serializer=lambda m: m.SerializeToString(),
            response_deserializer=Response.FromString)
        metadata = user_metadata(pki, "court-0105", "eco-clerk", ["clerk"], name="生态检查书记员")
        filed = file_case(request, metadata=metadata, timeout=15)
        assert "沪0105执" in filed.case_number, filed.case_number
        print(f"filed {filed.case_number} through reflected descriptors")

        # 3. A bad filing: the standard details say which field and which rule.
        request.request_id = f"eco-{uuid.uuid4()}"
        request.debtors[0].id_number = "91310000MA1FL8XQ3X"
        try:
            file_case(request, metadata=metadata, timeout=15)
            raise SystemExit("a bad credit code was accepted")
        except grpc.RpcError as error:
            assert error.code() == grpc.StatusCode.INVALID_ARGUMENT, error.code()
            status = rpc_status.from_call(error)
            assert status is not None, "no grpc-status-details-bin"
            violations, reasons = [], []
            for detail in status.details:
                if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
                    bad_request = error_details_pb2.BadRequest()
                    detail.Unpack(bad_request)
                    violations += [(v.field, v.description) for v in bad_request.field_violations]
                elif detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
                    info = error_details_pb2.ErrorInfo()
                    detail.Unpack(info)
                    reasons.append((info.reason, info.domain))
            assert violations and violations[0][0] == "debtors[0].id_number", violations
            assert reasons and reasons[0] == ("INVALID_CREDIT_CODE", "enforcement.court"), reasons
            print(f"bad filing: INVALID_ARGUMENT, BadRequest {violations[0][0]}: {violations[0][1][:60]}…; ErrorInfo {reasons[0]}")

    # 4. Through shutdown: NOT_SERVING on the health port before the listener closes.
    if options.pid:
        seen = []
        first = threading.Event()

        def watch():
            try:
                for response in health.Watch(health_pb2.HealthCheckRequest(), timeout=60):
                    seen.append(response.status)
                    first.set()
            except grpc.RpcError as error:
                seen.append(error.code())
            first.set()

        watcher = threading.Thread(target=watch)
        watcher.start()
        assert first.wait(10), "Watch sent nothing"
        os.kill(options.pid, signal.SIGTERM)
        watcher.join(60)
        assert not watcher.is_alive(), "the Watch did not end after the shutdown"
        assert seen[0] == SERVING and NOT_SERVING in seen, seen
        print(f"health Watch through SIGTERM: {[health_pb2.HealthCheckResponse.ServingStatus.Name(s) if isinstance(s, int) else str(s) for s in seen]}")
    plain.close()
    print("python ecosystem check (health, reflection, status details): OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
