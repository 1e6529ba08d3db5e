#!/usr/bin/env python3
"""Every request message of every RPC, filled with extreme values, sent as every role.

For each method of every service in proto/enforcement/v1 and each variant (huge strings, the
largest and smallest integers, timestamps at ±1e16 seconds and nanos out of range, dates beyond
the legal years), the request is sent under each development identity. The server must answer
every call with a status other than INTERNAL or UNKNOWN (an out-of-range value is refused at the
edge, never a crash or a failed read) and still serve a normal call at the end. Against 127.0.0.1
only; each call has a short deadline.

    python3 scripts/probe-extremes.py --port P --public-port Q --data-dir DIR --pid PID
"""
import argparse
import collections
import importlib
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "clients", "python"))
from enforcement_smoke import channel, generate_stubs  # noqa: E402
from enforcement_tokens import user_metadata  # noqa: E402

IDENTITIES = ["court-0105", "command-centre", "bank-icbc-sh", "custodian-boc-sh", "credit-platform", "court-su0102"]
INT64_MAX, INT64_MIN = 2**63 - 1, -(2**63)


def fill(message, variant, depth=0):
    """Sets every field of `message` to the variant's extreme value."""
    from google.protobuf.descriptor import FieldDescriptor as F

    for field in message.DESCRIPTOR.fields:
        repeated = field.is_repeated if hasattr(field, "is_repeated") else field.label == F.LABEL_REPEATED
        if field.type == F.TYPE_MESSAGE:
            if field.message_type.GetOptions().map_entry or depth > 3:
                continue
            target = getattr(message, field.name).add() if repeated else getattr(message, field.name)
            if field.message_type.full_name == "google.protobuf.Timestamp":
                seconds, nanos = {"timestamps_high": (10**16, 0), "timestamps_low": (-(10**16), -1)}.get(variant, (INT64_MAX // 2, 2**31 - 1))
                target.seconds, target.nanos = seconds, nanos
            else:
                fill(target, variant, depth + 1)
            continue
        value = extreme(field, variant)
        if value is None:
            continue
        if repeated:
            getattr(message, field.name).append(value)
        else:
            setattr(message, field.name, value)


def extreme(field, variant):
    from google.protobuf.descriptor import FieldDescriptor as F

    if field.type == F.TYPE_STRING:
        if field.name == "request_id":
            return f"extreme-{variant}-{time.monotonic_ns()}"
        return {"huge_strings": "执" * 30_000, "dates": "10001-05-31", "timestamps_low": "-0001-01-01"}.get(variant, "\x00\u202e" * 50)
    if field.type == F.TYPE_BYTES:
        return b"\xff" * 1000
    if field.type == F.TYPE_BOOL:
        return True
    if field.type == F.TYPE_ENUM:
        return max(v.number for v in field.enum_type.values) + (7 if variant == "ints_high" else 0)
    if field.type in (F.TYPE_INT64, F.TYPE_SINT64, F.TYPE_SFIXED64):
        return INT64_MIN if variant in ("ints_low", "timestamps_low") else INT64_MAX
    if field.type in (F.TYPE_INT32, F.TYPE_SINT32, F.TYPE_SFIXED32):
        return -(2**31) if variant in ("ints_low", "timestamps_low") else 2**31 - 1
    if field.type in (F.TYPE_UINT64, F.TYPE_FIXED64):
        return 2**64 - 1
    if field.type in (F.TYPE_UINT32, F.TYPE_FIXED32):
        return 2**32 - 1
    if field.type in (F.TYPE_DOUBLE, F.TYPE_FLOAT):
        return float("inf")
    return None


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--public-port", type=int, required=True)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--pid", type=int, required=True)
    options = parser.parse_args()
    pki = os.path.join(os.path.abspath(options.data_dir), "pki")
    repo_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

    import grpc

    variants = ["huge_strings", "ints_high", "ints_low", "timestamps_high", "timestamps_low", "dates", "controls"]
    with tempfile.TemporaryDirectory() as out:
        generate_stubs(repo_root, out)
        sys.path.insert(0, out)
        modules = []
        for name in sorted(os.listdir(os.path.join(out, "enforcement", "v1"))):
            if name.endswith("_pb2.py"):
                modules.append(importlib.import_module(f"enforcement.v1.{name[:-3]}"))
        channels = {identity: channel(grpc, pki, identity, options.port) for identity in IDENTITIES}
        # Each court's and the command centre's calls carry a valid token of a user holding every role,
        # so the extreme values reach the workflows; the other identities call by certificate alone.
        tokens = {}
        for identity in IDENTITIES:
            if os.path.exists(os.path.join(pki, "users", f"{identity}-signing-key.pem")):
                roles = ["command_officer"] if identity == "command-centre" else ["judge", "clerk", "bureau_chief", "finance", "president"]
                tokens[identity] = user_metadata(pki, identity, "extreme-user", roles, lifetime=3000)
        with open(os.path.join(pki, "ca.pem"), "rb") as f:
            public = grpc.secure_channel(f"localhost:{options.public_port}", grpc.ssl_channel_credentials(root_certificates=f.read()))
        seen = collections.Counter()
        bad = []
        calls = 0
        started = time.monotonic()
        for module in modules:
            for service in module.DESCRIPTOR.services_by_name.values():
                targets = [("public", public)] if service.name == "PublicDisclosureService" else list(channels.items())
                for method in service.methods:
                    request_class = getattr(module, method.input_type.name, None)
                    if request_class is None:  # the input message lives in another file
                        for other in modules:
                            request_class = getattr(other, method.input_type.name, None) or request_class
                    response_class = None
                    for other in modules:
                        response_class = getattr(other, method.output_type.name, None) or response_class
                    path = f"/{service.full_name}/{method.name}"
                    for variant in variants:
                        request = request_class()
                        fill(request, variant)
                        for identity, ch in targets:
                            metadata = tokens.get(identity, ())
                            calls += 1
                            try:
                                if method.server_streaming:
                                    call = ch.unary_stream(path, request_serializer=request_class.SerializeToString,
                                                           response_deserializer=response_class.FromString)
                                    for _ in call(request, metadata=metadata, timeout=0.5):
                                        pass
                                else:
                                    call = ch.unary_unary(path, request_serializer=request_class.SerializeToString,
                                                          response_deserializer=response_class.FromString)
                                    call(request, metadata=metadata, timeout=5)
                                seen["OK"] += 1
                            except grpc.RpcError as error:
                                seen[error.code().name] += 1
                                if error.code() in (grpc.StatusCode.INTERNAL, grpc.StatusCode.UNKNOWN):
                                    bad.append(f"{path} [{variant}] as {identity}: {error.code().name} {error.details()[:160]}")
                                elif error.code() == grpc.StatusCode.UNAVAILABLE and not os.path.exists(f"/proc/{options.pid}"):
                                    bad.append(f"{path} [{variant}] as {identity}: the server died")
                                    break
        print(f"{calls} calls in {time.monotonic() - started:.0f} s: " + ", ".join(f"{k} {v}" for k, v in sorted(seen.items())))
        for line in bad[:40]:
            print("  FAIL " + line)
        alive = os.path.exists(f"/proc/{options.pid}")
        from enforcement.v1 import case_service_pb2 as pb, case_service_pb2_grpc as rpc
        try:
            rpc.CaseServiceStub(channels["court-0105"]).ListCases(pb.ListCasesRequest(), metadata=tokens["court-0105"], timeout=5)
            serving = True
        except grpc.RpcError as error:
            serving = False
            print(f"  FAIL a normal call after the probe: {error.code().name}")
        for ch in list(channels.values()) + [public]:
            ch.close()
    if bad or not alive or not serving:
        print(f"probe-extremes: {len(bad)} calls answered INTERNAL/UNKNOWN; server alive: {alive}; serving: {serving}")
        return 1
    print("probe-extremes: no INTERNAL or UNKNOWN, the server serves")
    return 0


if __name__ == "__main__":
    sys.exit(main())
