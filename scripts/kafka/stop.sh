#!/usr/bin/env bash
# Stop every Kafka node started by scripts/kafka/start.sh in this checkout: SIGTERM (controlled
# shutdown), SIGKILL for any node still running after KAFKA_STOP_TIMEOUT (20) seconds.
# Idempotent. Data and logs stay in .kafka/ for inspection (start.sh wipes the data next time).
set -euo pipefail
# shellcheck source=scripts/kafka/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

running=()
for n in $(known_nodes); do
  if node_pid "$n" >/dev/null; then running+=("$n"); else rm -f "$KAFKA_HOME_DIR/node$n.pid"; fi
done
if [ "${#running[@]}" -eq 0 ]; then
  log "no Kafka node running"
  exit 0
fi
stop_nodes "${running[@]}"
