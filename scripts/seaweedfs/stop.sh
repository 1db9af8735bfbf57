#!/usr/bin/env bash
# Stop the SeaweedFS server started by scripts/seaweedfs/start.sh (idempotent). SIGTERM (it may
# take several seconds to exit), then SIGKILL after ${SEAWEEDFS_STOP_TIMEOUT:-30} s. Data stays in
# .seaweedfs/data.
set -euo pipefail
SW_SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SW_SCRIPT_DIR/../.." && pwd)"
SW_PID="$REPO_ROOT/.seaweedfs/weed.pid"
SW_STOP_TIMEOUT="${SEAWEEDFS_STOP_TIMEOUT:-30}"

log() { printf '[seaweedfs] %s\n' "$*" >&2; }

if [ ! -f "$SW_PID" ] || ! kill -0 "$(cat "$SW_PID")" 2>/dev/null; then
  rm -f "$SW_PID"
  log "not running"
  exit 0
fi
pid="$(cat "$SW_PID")"
kill -TERM "$pid" 2>/dev/null || true
deadline=$((SECONDS + SW_STOP_TIMEOUT))
while kill -0 "$pid" 2>/dev/null; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    log "still running after $SW_STOP_TIMEOUT s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    break
  fi
  sleep 0.2
done
rm -f "$SW_PID"
log "stopped"
