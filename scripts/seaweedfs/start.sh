#!/usr/bin/env bash
# Start a private SeaweedFS server with its S3 gateway for the S3 sink tests (idempotent).
#
#   bash scripts/seaweedfs/start.sh
#
# Builds .seaweedfs/bin/weed first when it is not cached (build.sh). Master, volume, filer and S3
# listen on 127.0.0.1 only; S3 on ${SEAWEEDFS_S3_PORT:-18333}, without credentials (unsigned
# requests are allowed); `PUT /<bucket>` creates a bucket. Data and log in .seaweedfs/ (ignored by
# git). Prints the S3 endpoint on stdout: http://127.0.0.1:18333
set -euo pipefail
SW_SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SW_SCRIPT_DIR/../.." && pwd)"
SW_HOME="$REPO_ROOT/.seaweedfs"
SW_HOST=127.0.0.1 # never "localhost": Node may resolve it to ::1
SW_S3_PORT="${SEAWEEDFS_S3_PORT:-18333}"
SW_MASTER_PORT="${SEAWEEDFS_MASTER_PORT:-19333}"
SW_VOLUME_PORT="${SEAWEEDFS_VOLUME_PORT:-18080}"
SW_FILER_PORT="${SEAWEEDFS_FILER_PORT:-18888}"
SW_START_TIMEOUT="${SEAWEEDFS_START_TIMEOUT:-90}"
SW_PID="$SW_HOME/weed.pid"

log() { printf '[seaweedfs] %s\n' "$*" >&2; }
die() { printf '[seaweedfs] ERROR: %s\n' "$*" >&2; exit 1; }

for p in "$SW_S3_PORT" "$SW_MASTER_PORT" "$SW_VOLUME_PORT" "$SW_FILER_PORT"; do
  [[ "$p" =~ ^[0-9]+$ ]] && [ "$p" -le 55535 ] || die "bad port $p (the gRPC port is the port + 10000)"
done

port_open() { (exec 3<>"/dev/tcp/$SW_HOST/$1") 2>/dev/null; }
running() { [ -f "$SW_PID" ] && kill -0 "$(cat "$SW_PID")" 2>/dev/null; }
# the S3 gateway answers a bucket listing once the filer behind it serves
s3_ready() {
  (
    exec 3<>"/dev/tcp/$SW_HOST/$SW_S3_PORT" || exit 1
    printf 'GET / HTTP/1.0\r\nHost: %s\r\n\r\n' "$SW_HOST" >&3
    timeout 3 cat <&3 | head -1 | grep -q ' 200 '
  ) 2>/dev/null
}

if running; then
  log "already running (pid $(cat "$SW_PID"))"
  echo "http://$SW_HOST:$SW_S3_PORT"
  exit 0
fi
for p in "$SW_S3_PORT" "$SW_MASTER_PORT" "$SW_VOLUME_PORT" "$SW_FILER_PORT"; do
  port_open "$p" && die "port $p on $SW_HOST is already in use by another process (set SEAWEEDFS_*_PORT)"
done

bash "$SW_SCRIPT_DIR/build.sh"
mkdir -p "$SW_HOME/data"
log "starting weed server (S3 on $SW_HOST:$SW_S3_PORT, data in .seaweedfs/data)"
nohup "$SW_HOME/bin/weed" server -dir="$SW_HOME/data" -ip="$SW_HOST" -ip.bind="$SW_HOST" \
  -master.port="$SW_MASTER_PORT" -volume.port="$SW_VOLUME_PORT" -filer -filer.port="$SW_FILER_PORT" \
  -s3 -s3.port="$SW_S3_PORT" -volume.max=0 -master.volumeSizeLimitMB=256 \
  >"$SW_HOME/weed.log" 2>&1 </dev/null &
echo $! >"$SW_PID"
deadline=$((SECONDS + SW_START_TIMEOUT))
until s3_ready; do
  running || { tail -n 30 "$SW_HOME/weed.log" >&2; die "weed exited (see .seaweedfs/weed.log)"; }
  [ "$SECONDS" -ge "$deadline" ] && { tail -n 30 "$SW_HOME/weed.log" >&2; die "S3 did not answer within $SW_START_TIMEOUT s"; }
  sleep 0.5
done
log "ready (pid $(cat "$SW_PID"))"
echo "http://$SW_HOST:$SW_S3_PORT"
