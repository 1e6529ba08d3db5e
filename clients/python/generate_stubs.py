#!/usr/bin/env python3
"""Generates the Python gRPC stubs of the enforcement API from ../../proto into ./enforcement/.

Run it before `pip install` (and again whenever proto/ changes):

    python3 clients/python/generate_stubs.py
    python3 -m pip install --no-build-isolation ./clients/python
"""
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def generate(proto_root: str, out_dir: str) -> None:
    from grpc_tools import protoc
    import grpc_tools

    files = []
    for folder, _, names in os.walk(os.path.join(proto_root, "enforcement")):
        files += [os.path.relpath(os.path.join(folder, n), proto_root) for n in names if n.endswith(".proto")]
    if not files:
        raise SystemExit(f"no .proto files under {proto_root}")
    include = os.path.join(os.path.dirname(grpc_tools.__file__), "_proto")
    os.makedirs(out_dir, exist_ok=True)
    args = ["protoc", f"-I{proto_root}", f"-I{include}", f"--python_out={out_dir}", f"--grpc_python_out={out_dir}"] + sorted(files)
    if protoc.main(args) != 0:
        raise SystemExit("stub generation failed")
    for folder, _, _ in os.walk(os.path.join(out_dir, "enforcement")):  # importable packages
        open(os.path.join(folder, "__init__.py"), "a").close()


def main() -> int:
    proto_root = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "proto")
    target = os.path.join(HERE, "enforcement")
    shutil.rmtree(target, ignore_errors=True)
    generate(proto_root, HERE)
    print(f"generated {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
