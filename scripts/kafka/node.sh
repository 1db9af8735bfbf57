#!/usr/bin/env bash
# Stop, crash or (re)start ONE node of the Kafka cluster started by scripts/kafka/start.sh, keeping
# its data (as KAFKA_KEEP_DATA=1 would). For fault tests: restart a broker mid-ingest, run with one
# broker of three down.
#
#   bash scripts/kafka/node.sh stop N      # SIGTERM (controlled shutdown), SIGKILL after 20 s
#   bash scripts/kafka/node.sh kill N      # SIGKILL at once (a crash)
#   bash scripts/kafka/node.sh start N     # start it again on its data; waits until ready
#   bash scripts/kafka/node.sh restart N   # stop + start
#   bash scripts/kafka/node.sh status      # every node: running or stopped, ports
#
# N defaults to 1. Exit status is non-zero if the node does not come back within
# KAFKA_START_TIMEOUT (120) seconds.
set -euo pipefail
# shellcheck source=scripts/kafka/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

action="${1:-}"
n="${2:-1}"
[ -n "$action" ] || usage
load_cluster_env # sets KAFKA_NODES, KAFKA_PORT, KAFKA_CLUSTER_ID, KAFKA_BOOTSTRAP_SERVERS

if ! [[ "$n" =~ ^[0-9]+$ ]] || [ "$n" -lt 1 ] || [ "$n" -gt "$KAFKA_NODES" ]; then
  die "node must be 1..$KAFKA_NODES (got '$n')"
fi

on_start_failure() {
  local rc=$?
  if [ "$rc" -ne 0 ]; then
    log "node $n failed to start: stopping it (log: .kafka/logs/node$n.log)"
    stop_nodes "$n" || true
  fi
}

# shellcheck disable=SC2153 # KAFKA_PORT, KAFKA_CLUSTER_ID: from .kafka/cluster.env
start_one() {
  local pid bport cport
  if pid="$(node_pid "$n")"; then
    log "node $n already running (pid $pid)"
    return 0
  fi
  bport="$(broker_port "$KAFKA_PORT" "$n")"
  cport="$(controller_port "$KAFKA_PORT" "$n")"
  for port in "$bport" "$cport"; do
    port_in_use "$port" && die "port $port is in use by another process"
  done
  if [ ! -f "$KAFKA_DATA_DIR/node$n/meta.properties" ]; then
    log "node $n has no data: formatting it for cluster $KAFKA_CLUSTER_ID"
    storage_tool format --ignore-formatted -t "$KAFKA_CLUSTER_ID" -c "$KAFKA_CONFIG_DIR/node$n.properties" >&2
  fi
  local t0=$SECONDS
  # If the node does not come up, stop it rather than leave it half-started.
  trap on_start_failure EXIT
  launch_node "$n"
  log "node $n starting (pid $(cat "$KAFKA_HOME_DIR/node$n.pid")) on $KAFKA_HOST:$bport"
  wait_ready "$n:$LAUNCH_OFFSET"
  trap - EXIT
  log "node $n ready in $((SECONDS - t0)) s"
}

case "$action" in
  stop) stop_nodes "$n" ;;
  kill) stop_nodes --kill "$n" ;;
  start) start_one ;;
  restart) stop_nodes "$n"; start_one ;;
  status)
    for ((i = 1; i <= KAFKA_NODES; i++)); do
      if pid="$(node_pid "$i")"; then state="running (pid $pid)"; else state=stopped; fi
      echo "node $i: $state  broker $KAFKA_HOST:$(broker_port "$KAFKA_PORT" "$i")  controller $KAFKA_HOST:$(controller_port "$KAFKA_PORT" "$i")"
    done
    echo "KAFKA_BOOTSTRAP_SERVERS=$KAFKA_BOOTSTRAP_SERVERS"
    ;;
  *) usage ;;
esac
