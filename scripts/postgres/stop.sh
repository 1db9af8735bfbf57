#!/usr/bin/env bash
# Stop the private PostgreSQL cluster started by scripts/postgres/start.sh (idempotent).
# Fast shutdown (rolls back open transactions), then immediate shutdown if that takes over 30 s.
# Data stays in .pg/data; delete that folder for a fresh cluster at the next start.
set -euo pipefail
PG_SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$PG_SCRIPT_DIR/../.." && pwd)"
PG_HOME="$REPO_ROOT/.pg"
PG_DATA="$PG_HOME/data"
PG_OS_USER=postgres

log() { printf '[postgres] %s\n' "$*" >&2; }
die() { printf '[postgres] ERROR: %s\n' "$*" >&2; exit 1; }

# Run a command as the postgres OS user when we are root (postgres refuses to run as root).
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u "$PG_OS_USER" -- "$@"; else "$@"; fi
}

# Sets PG_BIN to the server binaries: Debian's /usr/lib/postgresql/<newest>/bin, else initdb on PATH.
find_pg_bin() {
  PG_BIN=
  local d
  for d in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -t/ -k4,4n); do
    [ -x "$d/initdb" ] && PG_BIN="$d"
  done
  if [ -z "$PG_BIN" ] && command -v initdb >/dev/null 2>&1; then
    PG_BIN="$(dirname "$(readlink -f "$(command -v initdb)")")"
  fi
  [ -n "$PG_BIN" ]
}

if [ ! -f "$PG_DATA/PG_VERSION" ]; then
  log "no cluster in .pg/data: nothing to stop"
  exit 0
fi
find_pg_bin || die "no PostgreSQL binaries found"
if ! as_pg "$PG_BIN/pg_ctl" status -D "$PG_DATA" >/dev/null 2>&1; then
  log "not running"
  exit 0
fi
if ! as_pg "$PG_BIN/pg_ctl" stop -D "$PG_DATA" -m fast -w -t 30 >/dev/null; then
  log "fast shutdown timed out: immediate shutdown"
  as_pg "$PG_BIN/pg_ctl" stop -D "$PG_DATA" -m immediate -w -t 30 >/dev/null
fi
log "stopped"
