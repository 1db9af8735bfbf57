#!/usr/bin/env bash
# Start a private PostgreSQL cluster for development and tests (idempotent).
#
#   bash scripts/postgres/start.sh     # or: npm run pg:start
#
# Data in .pg/data (ignored by git), server log in .pg/postgres.log, listening on
# 127.0.0.1:${PGPORT:-55432} only, wal_level=logical (for logical replication / CDC), trust auth for
# the "postgres" user on loopback, database "tally". Installs Debian's postgresql package when no
# initdb is found (needs root). As root, the server runs as the "postgres" OS user.
# Prints the connection URL on stdout: postgres://postgres@127.0.0.1:55432/tally
set -euo pipefail
# shellcheck source=scripts/postgres/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
PG_LOG="$PG_HOME/postgres.log"
PG_HOST=127.0.0.1 # never "localhost": Node may resolve it to ::1
PG_PORT="${PGPORT:-55432}"
PG_DB=tally

[[ "$PG_PORT" =~ ^[0-9]+$ ]] || die "bad PGPORT '$PG_PORT'"

if ! find_pg_bin; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    die "PostgreSQL is not installed: apt-get install -y postgresql (as root)"
  fi
  log "initdb not found: installing Debian's postgresql package"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
  find_pg_bin || die "installed postgresql but found no initdb under /usr/lib/postgresql/*/bin"
fi
if [ "$(id -u)" = 0 ]; then
  id "$PG_OS_USER" >/dev/null 2>&1 || die "no '$PG_OS_USER' OS user (it comes with the postgresql package)"
fi

# Unix socket: in .pg/run unless that path is too long for a socket (108 bytes), then /tmp.
PG_SOCKET_DIR="$PG_HOME/run"
[ "${#PG_SOCKET_DIR}" -le 80 ] || PG_SOCKET_DIR=/tmp

mkdir -p "$PG_HOME" "$PG_HOME/run"
if [ "$(id -u)" = 0 ]; then
  chown "$PG_OS_USER:" "$PG_HOME" "$PG_HOME/run"
  [ -d "$PG_DATA" ] && chown -R "$PG_OS_USER:" "$PG_DATA"
  [ -e "$PG_LOG" ] && chown "$PG_OS_USER:" "$PG_LOG"
  as_pg test -w "$PG_HOME" || die "user $PG_OS_USER cannot write $PG_HOME (is a parent folder closed to others?)"
fi

if [ ! -f "$PG_DATA/PG_VERSION" ]; then
  log "initialising a new cluster in .pg/data ($("$PG_BIN/postgres" --version))"
  rm -rf "$PG_DATA"
  as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >"$PG_HOME/initdb.log" 2>&1 ||
    { cat "$PG_HOME/initdb.log" >&2; die "initdb failed"; }
  # Trust only the postgres user, only on the Unix socket and loopback; others need a password.
  as_pg tee "$PG_DATA/pg_hba.conf" >/dev/null <<'HBA'
# Written by scripts/postgres/start.sh (development cluster).
# TYPE  DATABASE     USER      ADDRESS        METHOD
local   all          postgres                 trust
host    all          postgres  127.0.0.1/32   trust
host    all          postgres  ::1/128        trust
local   replication  postgres                 trust
host    replication  postgres  127.0.0.1/32   trust
host    replication  postgres  ::1/128        trust
local   all          all                      scram-sha-256
host    all          all       127.0.0.1/32   scram-sha-256
host    all          all       ::1/128        scram-sha-256
HBA
  echo "include_if_exists = 'tally-dev.conf'" | as_pg tee -a "$PG_DATA/postgresql.conf" >/dev/null
fi

# Settings, rewritten at every start (so a changed PGPORT applies at the next start).
as_pg tee "$PG_DATA/tally-dev.conf" >/dev/null <<CONF
# Written by scripts/postgres/start.sh at every start: edits are lost.
listen_addresses = '$PG_HOST'
port = $PG_PORT
unix_socket_directories = '$PG_SOCKET_DIR'
wal_level = logical
max_replication_slots = 10
max_wal_senders = 10
fsync = on
synchronous_commit = on
max_connections = 100
shared_buffers = 128MB
logging_collector = off
log_min_messages = warning
log_line_prefix = '%m [%p] '
CONF

running_port() { sed -n 4p "$PG_DATA/postmaster.pid" 2>/dev/null; }

if as_pg "$PG_BIN/pg_ctl" status -D "$PG_DATA" >/dev/null 2>&1; then
  port="$(running_port)"
  log "already running (pid $(head -n1 "$PG_DATA/postmaster.pid"), port $port)"
  [ "$port" = "$PG_PORT" ] ||
    log "note: it listens on $port, not PGPORT=$PG_PORT; run scripts/postgres/stop.sh first to move it"
  PG_PORT="$port"
else
  if (exec 3<>"/dev/tcp/$PG_HOST/$PG_PORT") 2>/dev/null; then
    die "port $PG_PORT on $PG_HOST is already in use by another process (set PGPORT)"
  fi
  t0=$SECONDS
  as_pg "$PG_BIN/pg_ctl" start -D "$PG_DATA" -l "$PG_LOG" -w -t 60 >/dev/null ||
    { log "pg_ctl start failed; last lines of .pg/postgres.log:"; tail -n 30 "$PG_LOG" >&2 || true; die "PostgreSQL did not start"; }
  log "started in $((SECONDS - t0)) s (pid $(head -n1 "$PG_DATA/postmaster.pid"), log .pg/postgres.log)"
fi

# Ready when pg_isready says so (timeout 60 s).
for ((i = 0; i < 120; i++)); do
  "$PG_BIN/pg_isready" -q -h "$PG_HOST" -p "$PG_PORT" -U postgres && break
  sleep 0.5
done
"$PG_BIN/pg_isready" -q -h "$PG_HOST" -p "$PG_PORT" -U postgres ||
  { tail -n 30 "$PG_LOG" >&2 || true; die "PostgreSQL on $PG_HOST:$PG_PORT is not ready after 60 s"; }

psql_pg() { "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U postgres "$@"; }
if [ "$(psql_pg -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != 1 ]; then
  psql_pg -d postgres -c "CREATE DATABASE $PG_DB"
  log "created database $PG_DB"
fi

log "ready: wal_level=$(psql_pg -d "$PG_DB" -tAc 'SHOW wal_level'), stop with: npm run pg:stop"
echo "postgres://postgres@$PG_HOST:$PG_PORT/$PG_DB"
