# Shared by scripts/postgres/start.sh and stop.sh (sourced, not run): where the private cluster
# lives, logging, running as the postgres OS user, finding the server binaries.
# shellcheck shell=bash disable=SC2034  # the variables are read by the scripts that source this file
PG_SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$PG_SCRIPT_DIR/../.." && pwd)"
# TALLY_PG_HOME: a second, private cluster (e.g. a test that restarts PostgreSQL, with its own PGPORT)
PG_HOME="${TALLY_PG_HOME:-$REPO_ROOT/.pg}"
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
