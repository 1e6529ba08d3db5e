#!/usr/bin/env bash
# Regenerates the committed protobuf and gRPC code from proto/.
#   scripts/generate.sh           write Sources/EnforcementAPI/Generated
#   scripts/generate.sh --check   fail if the committed code differs from what proto/ generates
set -euo pipefail
cd "$(dirname "$0")/.."

command -v protoc >/dev/null || { echo "protoc missing: apt-get install -y protobuf-compiler" >&2; exit 1; }

swift build --product protoc-gen-swift >/dev/null
swift build --product protoc-gen-grpc-swift-2 >/dev/null
BIN=$(swift build --show-bin-path)

OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
FILES=$(cd proto && find enforcement grpc -name '*.proto' | sort)
(cd proto && protoc -I . \
  --plugin="$BIN/protoc-gen-swift" --plugin="$BIN/protoc-gen-grpc-swift-2" \
  --swift_out="$OUT" --swift_opt=Visibility=Public,FileNaming=PathToUnderscores,UseAccessLevelOnImports=true \
  --grpc-swift-2_out="$OUT" \
  --grpc-swift-2_opt=Visibility=Public,FileNaming=PathToUnderscores,Server=true,Client=true,UseAccessLevelOnImports=true \
  $FILES)
# Every file with its imports, for server reflection (grpcurl, Postman, grpcio-reflection).
(cd proto && protoc -I . --include_imports --descriptor_set_out="$OUT/enforcement.binpb" $FILES)

TARGET=Sources/EnforcementAPI/Generated
DESCRIPTORS=Sources/EnforcementAPI/Descriptors/enforcement.binpb
if [ "${1:-}" = "--check" ]; then
  cmp -s "$OUT/enforcement.binpb" "$DESCRIPTORS" || { echo "the descriptor set is stale: run scripts/generate.sh and commit" >&2; exit 1; }
  rm "$OUT/enforcement.binpb"
  if diff -r "$OUT" "$TARGET" >/dev/null; then
    echo "generated code is up to date"
  else
    diff -r "$OUT" "$TARGET" | head -40 >&2
    echo "generated code is stale: run scripts/generate.sh and commit" >&2
    exit 1
  fi
else
  rm -rf "$TARGET"
  mkdir -p "$TARGET" "$(dirname "$DESCRIPTORS")"
  cp "$OUT"/*.swift "$TARGET"/
  cp "$OUT/enforcement.binpb" "$DESCRIPTORS"
  echo "generated into $TARGET and $DESCRIPTORS"
fi
