#!/usr/bin/env bash
# Stop the private PostgreSQL cluster started by scripts/postgres/start.sh (idempotent).
# Fast shutdown (rolls back open transactions), then immediate shutdown if that takes over 30 s.
# Data stays in .pg/data; delete that folder for a fresh cluster at the next start.
set -euo pipefail
# shellcheck source=scripts/postgres/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

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
