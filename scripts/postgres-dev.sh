#!/usr/bin/env bash
# A throwaway PostgreSQL 15 for development and CI, from Debian's binaries (apt-get install postgresql-15),
# in a temporary directory, listening on 127.0.0.1 only. PostgreSQL refuses to run as root, so as root
# the cluster belongs to (and runs as) the `postgres` user.
#
#   scripts/postgres-dev.sh [DIR]    starts it (in DIR, default a new temporary directory) and prints on
#                                    stdout the line ENFORCEMENT_DATABASE_URL=postgres://…; the server's
#                                    log is DIR/postgres.log. It also speaks TLS with a certificate of a CA
#                                    made in DIR/tls, and prints two more lines:
#                                    ENFORCEMENT_DATABASE_TLS_URL (the same role, sslmode=verify-full) and
#                                    ENFORCEMENT_DATABASE_CERT_URL (role enforcement_cert, which signs in
#                                    with a client certificate and no password)
#   scripts/postgres-dev.sh stop DIR stops it and removes DIR
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
[ -x "$PGBIN/initdb" ] || { echo "no PostgreSQL 15 at $PGBIN: apt-get install -y postgresql-15" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${1:-}" = stop ]; then
  DIR=${2:?usage: postgres-dev.sh stop DIR}
  as_owner "$PGBIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
  exit 0
fi

DIR=${1:-$(mktemp -d /tmp/enforcement-pg.XXXXXX)}
mkdir -p "$DIR"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
PASSWORD=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
echo "$PASSWORD" >"$DIR/password"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR/password"
as_owner "$PGBIN/initdb" -D "$DIR/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
  --encoding=UTF8 --locale=C.UTF-8 --pwfile="$DIR/password" >"$DIR/initdb.log" 2>&1 \
  || { cat "$DIR/initdb.log" >&2; exit 1; }
# A CA of this cluster only, its server certificate (for 127.0.0.1 and localhost) and a client
# certificate for the role enforcement_cert (PostgreSQL's cert authentication takes the role from the CN).
TLS="$DIR/tls"
mkdir -p "$TLS"
ec() { openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "$@" 2>/dev/null; }
ec -x509 -days 30 -subj "/CN=enforcement development PostgreSQL CA" -keyout "$TLS/ca.key" -out "$TLS/ca.crt" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
sign() {  # NAME SUBJECT EXTENSIONS
  ec -subj "$2" -keyout "$TLS/$1.key" -out "$TLS/$1.csr"
  printf '%s\n' "$3" >"$TLS/$1.ext"
  openssl x509 -req -in "$TLS/$1.csr" -CA "$TLS/ca.crt" -CAkey "$TLS/ca.key" -CAcreateserial -days 30 \
    -extfile "$TLS/$1.ext" -out "$TLS/$1.crt" 2>/dev/null
}
sign server "/CN=127.0.0.1" "subjectAltName=IP:127.0.0.1,DNS:localhost
extendedKeyUsage=serverAuth"
sign client "/CN=enforcement_cert" "extendedKeyUsage=clientAuth"
chmod 600 "$TLS"/*.key
[ "$(id -u)" = 0 ] && chown -R postgres:postgres "$TLS"
# Listen on 127.0.0.1 only, the socket in DIR (not /var/run), durable commits, enough connections
# for several servers' pools.
cat >>"$DIR/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$DIR'
max_connections = 500
fsync = on
synchronous_commit = on
ssl = on
ssl_cert_file = '$TLS/server.crt'
ssl_key_file = '$TLS/server.key'
ssl_ca_file = '$TLS/ca.crt'
CONF
# Passwords (SCRAM) over plain TCP or TLS; enforcement_cert only over TLS, with its certificate.
cat >"$DIR/data/pg_hba.conf" <<HBA
local   all  all                             trust
hostssl all  enforcement_cert 127.0.0.1/32   cert
host    all  all              127.0.0.1/32   scram-sha-256
HBA
as_owner "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/postgres.log" -w -t 60 start >/dev/null \
  || { cat "$DIR/postgres.log" >&2; exit 1; }
as_owner "$PGBIN/psql" -h "$DIR" -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -q \
  -c "CREATE ROLE enforcement LOGIN PASSWORD '$PASSWORD'" -c "CREATE DATABASE enforcement OWNER enforcement" \
  -c "CREATE ROLE enforcement_cert LOGIN IN ROLE enforcement" >/dev/null
echo "PostgreSQL 15 on 127.0.0.1:$PORT in $DIR (stop: scripts/postgres-dev.sh stop $DIR)" >&2
echo "ENFORCEMENT_DATABASE_URL=postgres://enforcement:$PASSWORD@127.0.0.1:$PORT/enforcement"
echo "ENFORCEMENT_DATABASE_TLS_URL=postgres://enforcement:$PASSWORD@127.0.0.1:$PORT/enforcement?sslmode=verify-full&sslrootcert=$TLS/ca.crt"
echo "ENFORCEMENT_DATABASE_CERT_URL=postgres://enforcement_cert@127.0.0.1:$PORT/enforcement?sslmode=verify-full&sslrootcert=$TLS/ca.crt&sslcert=$TLS/client.crt&sslkey=$TLS/client.key"
