#!/usr/bin/env bash
# Stop the private ClickHouse server started by scripts/clickhouse/start.sh (idempotent).
# SIGTERM, then SIGKILL after ${CLICKHOUSE_STOP_TIMEOUT:-20} s. Data stays in .clickhouse/data.
set -euo pipefail
CH_SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$CH_SCRIPT_DIR/../.." && pwd)"
CH_PID="$REPO_ROOT/.clickhouse/server.pid"
CH_STOP_TIMEOUT="${CLICKHOUSE_STOP_TIMEOUT:-20}"

log() { printf '[clickhouse] %s\n' "$*" >&2; }

if [ ! -f "$CH_PID" ] || ! kill -0 "$(cat "$CH_PID")" 2>/dev/null; then
  rm -f "$CH_PID"
  log "not running"
  exit 0
fi
pid="$(cat "$CH_PID")"
kill -TERM "$pid" 2>/dev/null || true
deadline=$((SECONDS + CH_STOP_TIMEOUT))
while kill -0 "$pid" 2>/dev/null; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    log "still running after $CH_STOP_TIMEOUT s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    break
  fi
  sleep 0.2
done
rm -f "$CH_PID"
log "stopped"
