#!/usr/bin/env bash
# Two servers on one PostgreSQL database (issue 14): they share the database, the CA and the court
# keys (server B is configured with server A's development PKI files). Clients are spread over
# both. A bank's request stream on server A must receive a request written through server B within
# 1 s; then 8 writers file cases on both servers, server B is killed with SIGKILL under load, and
# every acknowledged filing must be present, server A having served throughout; the journal verifies.
# LOAD_SECONDS (default 4) is the load's length.
. "$(dirname "$0")/lib.sh"
scenario_work
[ "$(id -u)" = 0 ] && chmod 755 "$WORK"
cleanup() {
  kill -9 ${A_PID:-} ${B_PID:-} ${WATCH_PID:-} 2>/dev/null || true
  "$ROOT/scripts/postgres-dev.sh" stop "$WORK/pg" || true
  rm -rf "$WORK"
}

echo "-- PostgreSQL 15 on 127.0.0.1 (scripts/postgres-dev.sh)"
export $("$ROOT/scripts/postgres-dev.sh" "$WORK/pg")
A_PORT=$(free_port); B_PORT=$(free_port)
# Server A re-reads only every 60 s: within 1 s, only B's notification (LISTEN/NOTIFY) can wake A's streams.
ENFORCEMENT_WATCH_POLL_SECONDS=60 start_server "$WORK/a" "$A_PORT" "$WORK/a.log"; A_PID=$SERVER_PID
PKI="$WORK/a/pki"
# Server B reaches the database over TLS (sslmode=verify-full against the cluster's own CA).
ENFORCEMENT_TLS_CERT="$PKI/server.pem" ENFORCEMENT_TLS_KEY="$PKI/server-key.pem" ENFORCEMENT_TLS_CLIENT_CA="$PKI/ca.pem" \
  ENFORCEMENT_USER_KEYS="$PKI/user-keys.json" ENFORCEMENT_DATABASE_URL="$ENFORCEMENT_DATABASE_TLS_URL" \
  start_server "$WORK/b" "$B_PORT" "$WORK/b.log"
B_PID=$SERVER_PID
grep -q "postgres://127.0.0.1" "$WORK/a.log" && grep -q "postgres://127.0.0.1.*TLS verify-full" "$WORK/b.log" \
  || { echo "a server is not on PostgreSQL, or B not over TLS" >&2; cat "$WORK/a.log" "$WORK/b.log" >&2; exit 1; }
grep -q "sslrootcert\|$(basename "$WORK/pg")/tls" "$WORK/b.log" && { echo "the log names the URL's files" >&2; exit 1; }
echo "   server A on $A_PORT, server B on $B_PORT, both on $(grep -o 'postgres://[^ "]*' "$WORK/a.log" | head -1)"
# Clients use server A's PKI directory for their certificates, whichever server they call.
ctl() { local port=$1; shift; "$CTL" "$@" --port "$port" --data-dir "$WORK/a"; }
file_case() {
  ctl "$1" case file --json --user "${2:-judge-li}" --title '（2025）沪0105民初3号' --applicant 'person:张三:11010519491231002X' \
    --debtor 'org:上海某某贸易有限公司:91310000MA1FL8XQ37' --amount 60000 | python3 -c 'import json,sys; print(json.load(sys.stdin)["number"])'
}

echo "-- a bank (ICBC-SH) watches its requests on server A; a case is filed through server B"
stdbuf -oL "$CTL" institution watch --as bank-icbc-sh --port "$A_PORT" --data-dir "$WORK/a" --json >"$WORK/watch.jsonl" 2>"$WORK/watch.err" &
WATCH_PID=$!
sleep 1.5   # the stream is open and its backlog (empty) delivered
start=$(date +%s.%N)
NUMBER=$(file_case "$B_PORT")
arrived=""
for _ in $(seq 1 300); do
  if grep -q "$NUMBER" "$WORK/watch.jsonl"; then arrived=$(date +%s.%N); break; fi
  sleep 0.01
done
[ -n "$arrived" ] || { echo "the query of $NUMBER never reached the stream on server A" >&2; cat "$WORK/watch.err" >&2; exit 1; }
elapsed=$(python3 -c "print(round($arrived - $start, 3))")
echo "   the query of $NUMBER (written through B) reached the bank's stream on A ${elapsed} s after the filing was sent"
python3 -c "import sys; sys.exit(0 if $arrived - $start < 1.0 else 1)" || { echo "more than 1 s" >&2; exit 1; }

echo "-- 8 writers, 4 on each server, for ${LOAD_SECONDS:=4} s; server B killed with SIGKILL halfway"
writers=()
for writer in $(seq 1 8); do
  port=$A_PORT; [ $((writer % 2)) = 0 ] && port=$B_PORT
  (
    while true; do
      number=$(file_case "$port" "judge-$writer" 2>/dev/null) || { sleep 0.05; continue; }
      echo "$number $(date +%s.%N)" >>"$WORK/acked-$port-$writer"
    done
  ) &
  writers+=($!)
done
sleep "$(python3 -c "print($LOAD_SECONDS / 2)")"
kill -9 "$B_PID"; wait "$B_PID" 2>/dev/null || true
killed=$(date +%s.%N)
sleep "$(python3 -c "print($LOAD_SECONDS / 2)")"
kill "${writers[@]}" 2>/dev/null || true
wait "${writers[@]}" 2>/dev/null || true
mapfile -t acked < <(cat "$WORK"/acked-* | cut -d' ' -f1)
on_b=$(cat "$WORK"/acked-"$B_PORT"-* 2>/dev/null | wc -l)
after_kill=$(cat "$WORK"/acked-"$A_PORT"-* | awk -v k="$killed" '$2 > k' | wc -l)
echo "   ${#acked[@]} filings acknowledged ($on_b through B before its kill; $after_kill through A after it)"
[ "$on_b" -gt 0 ] && [ "$after_kill" -gt 0 ] || { echo "B took no writes, or A served none after B's kill" >&2; exit 1; }

echo "-- every acknowledged filing is on server A; numbers have no gap; the journal verifies"
ctl "$A_PORT" case list --page-size 500 --json >"$WORK/cases.json"
python3 - "$WORK/cases.json" "${acked[@]}" "$NUMBER" <<'PY'
import json, re, sys
listed = {c["number"] for c in json.load(open(sys.argv[1]))["cases"]}
missing = [n for n in sys.argv[2:] if n not in listed]
if missing: sys.exit(f"LOST: {missing}")
seqs = sorted(int(re.search(r"执(\d+)号", n).group(1)) for n in listed)
if seqs != list(range(1, len(seqs) + 1)): sys.exit(f"case numbers with a gap or repeat: {seqs}")
print(f"   {len(sys.argv) - 2} acknowledged filings present among {len(listed)} cases numbered 1-{len(seqs)}")
PY
"$CTL" audit verify --database-url "$ENFORCEMENT_DATABASE_URL"
echo "two-instance scenario: passed"
