#!/usr/bin/env bash
# Mobile enforcement end to end over mTLS, through enforcectl: 沪0105's judge records an on-site
# seal with three photos (two officers, GPS); the record waits on the device while the server is
# down and is sent when it is back; the seal is on the case's timeline; the command centre sees
# the record and downloads a photo (its hash checked); evidence verify finds nothing wrong, then
# finds a photo changed on the server's disk.
. "$(dirname "$0")/lib.sh"
scenario_work

PORT=$(free_port)
start_server "$WORK/data" "$PORT" "$WORK/server.log"
ctl() { "$CTL" "$@" --port "$PORT" --data-dir "$WORK/data"; }

NUMBER=$(ctl case file --title "（2026）沪0105民初301号" --applicant "person:张三:11010519491231002X" \
  --debtor "org:上海某某贸易有限公司:91310000MA1FL8XQ37" --amount 250000 --judge 李法官 --json \
  | python3 -c "import json,sys; print(json.load(sys.stdin)['number'])")
echo "-- filed $NUMBER"

# Three photos (JPEG headers and different bodies), one of 3 MiB so the upload takes several chunks.
for i in 1 2 3; do
  python3 - "$WORK/seal-$i.jpg" "$i" <<'PY'
import os, sys
size = 3 * 1024 * 1024 if sys.argv[2] == "1" else 40_000 + int(sys.argv[2])
open(sys.argv[1], "wb").write(b"\xff\xd8\xff\xe0" + os.urandom(size - 4))
PY
done
BOX="$WORK/device/outbox.sqlite"

echo "-- a seal by one officer is refused on the server, and stays on the device as refused"
refused "TOO_FEW_OFFICERS\|at least 2 officers" ctl field record "$NUMBER" --kind on_site_seal --officer 李法官 \
  --asset "仓库内钢材 20 吨" --photo "$WORK/seal-2.jpg" --outbox "$WORK/other/outbox.sqlite" --user 李法官

echo "-- the server goes away; the seal is recorded on the device anyway"
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
refused "waiting on this device" ctl field record "$NUMBER" --kind on_site_seal --officer 李法官 --officer 王书记员 \
  --gps 31.2204,121.4437,8 --address "上海市长宁区仙霞路99号 3号仓库" --witness 物业经理赵某 \
  --asset "仓库内钢材 20 吨" --notes "张贴封条及查封公告" \
  --photo "$WORK/seal-1.jpg" --photo "$WORK/seal-2.jpg" --photo "$WORK/seal-3.jpg" --outbox "$BOX" --user 李法官
"$CTL" field waiting --outbox "$BOX" | tee "$WORK/waiting.txt"
grep -q "not sent" "$WORK/waiting.txt"

echo "-- the server is back; the device sends the record and its three photos"
start_server "$WORK/data" "$PORT" "$WORK/server-again.log"
ctl field sync --outbox "$BOX" --user 李法官 2>&1 | tee "$WORK/sync.txt"
grep -q "sent 1 record(s), uploaded 3 file(s)" "$WORK/sync.txt"
"$CTL" field waiting --outbox "$BOX" | grep -q "nothing waiting"
# A second sync sends nothing again.
ctl field sync --outbox "$BOX" --user 李法官 | grep -q "sent 0 record(s), uploaded 0 file(s)"

ctl case timeline "$NUMBER" --json > "$WORK/timeline.json"
python3 - "$WORK/timeline.json" <<'PY'
import json, sys
codes = [e["nodeCode"] for e in json.load(open(sys.argv[1]))]
assert "field_action" in codes and "assets_sealed" in codes, codes
PY
echo "-- the case's timeline shows the field action and the seal"

ctl field list "$NUMBER" --as command-centre --json > "$WORK/records.json"
read -r RECORD SHA <<<"$(python3 - "$WORK/records.json" <<'PY'
import json, sys
records = json.load(open(sys.argv[1]))
assert len(records) == 1, records
r = records[0]
assert r["kind"] == "on_site_seal" and len(r["evidence"]) == 3 and all(f.get("receivedAt") for f in r["evidence"]), r
print(r["id"], r["evidence"][0]["sha256"])
PY
)"
ctl field show "$RECORD" --as command-centre
echo "-- the command centre sees $RECORD with three received photos"
ctl field download "$NUMBER" "$SHA" --to "$WORK/downloaded.jpg" --as command-centre
cmp "$WORK/downloaded.jpg" "$WORK/seal-1.jpg"
echo "-- downloaded by the command centre, identical to the photo taken"

ctl evidence verify --as command-centre
FILE=$(find "$WORK/data/evidence/blobs" -name "$SHA")
# Invert byte 100 (writing a fixed byte would leave the file unchanged when the photo's random byte
# there is already that one, one run in 256).
chmod u+w "$FILE"
python3 - "$FILE" <<'PY'
import sys
with open(sys.argv[1], "r+b") as f:
    f.seek(100); b = f.read(1); f.seek(100); f.write(bytes([b[0] ^ 0xFF]))
PY
refused "changed" ctl evidence verify --as command-centre
"$CTL" audit verify --database "$WORK/data/enforcement.sqlite"
echo "field scenario OK"
