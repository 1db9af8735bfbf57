#!/usr/bin/env bash
# Start a local Apache Kafka (KRaft) for development and tests, in the background.
#
#   bash scripts/kafka/start.sh                  # one node on 127.0.0.1:9092 (controller :9093)
#   KAFKA_NODES=3 bash scripts/kafka/start.sh    # three nodes: 9092/9093, 9094/9095, 9096/9097
#
# Environment:
#   KAFKA_NODES=1|3        cluster size (3: replication factor 3, min.insync.replicas=2)
#   KAFKA_PORT=9092        broker port of node 1; node N uses KAFKA_PORT+2(N-1), its controller +1
#   KAFKA_KEEP_DATA=1      keep .kafka/data (default: wipe and format afresh at every start)
#   KAFKA_START_TIMEOUT=120  seconds to wait for every node to log "Kafka Server started"
#   KAFKA_HEAP_OPTS="-Xms256m -Xmx512m"   JVM heap per node;  KAFKA_JVM_OPTS: extra JVM flags
#
# Nodes of this checkout that are already running are stopped first. See docs/dev-services.md.
set -euo pipefail
# shellcheck source=scripts/kafka/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

NODES="${KAFKA_NODES:-1}"
BASE="${KAFKA_PORT:-9092}"
KEEP="${KAFKA_KEEP_DATA:-0}"
[[ "$NODES" == 1 || "$NODES" == 3 ]] || die "KAFKA_NODES must be 1 or 3 (got '$NODES')"
if ! [[ "$BASE" =~ ^[0-9]+$ ]] || [ "$BASE" -lt 1024 ] || [ "$BASE" -gt 65530 ]; then
  die "bad KAFKA_PORT '$BASE' (1024..65530)"
fi
[[ "$KEEP" == 1 || "$KEEP" == true ]] && KEEP=1 || KEEP=0

t_start=$SECONDS
mkdir -p "$KAFKA_HOME_DIR"
fetch_jars

# With KAFKA_KEEP_DATA=1, reuse the previous cluster id (checked before anything is stopped).
cluster_id=
if [ "$KEEP" = 1 ] && [ -f "$KAFKA_CLUSTER_ENV" ] && [ -d "$KAFKA_DATA_DIR/node1" ]; then
  # shellcheck source=/dev/null
  prev_nodes="$( . "$KAFKA_CLUSTER_ENV"; echo "$KAFKA_NODES")"
  [ "$prev_nodes" = "$NODES" ] ||
    die "KAFKA_KEEP_DATA=1 but .kafka/data holds a $prev_nodes-node cluster, not $NODES: start without KAFKA_KEEP_DATA"
  # shellcheck source=/dev/null
  cluster_id="$( . "$KAFKA_CLUSTER_ENV"; echo "$KAFKA_CLUSTER_ID")"
fi

# Stop what this checkout already runs (a previous start, maybe of another size).
running=()
for n in $(known_nodes); do node_pid "$n" >/dev/null && running+=("$n"); done
if [ "${#running[@]}" -gt 0 ]; then
  log "node(s) ${running[*]} already running: stopping them first"
  stop_nodes "${running[@]}"
fi

for ((n = 1; n <= NODES; n++)); do
  for port in "$(broker_port "$BASE" "$n")" "$(controller_port "$BASE" "$n")"; do
    if port_in_use "$port"; then
      die "port $port on $KAFKA_HOST is already in use by another process (another Kafka? set KAFKA_PORT)"
    fi
  done
done

if [ -n "$cluster_id" ]; then
  log "keeping data of cluster $cluster_id"
else
  [ "$KEEP" = 1 ] && log "KAFKA_KEEP_DATA=1 but no previous data: formatting afresh"
  rm -rf "$KAFKA_DATA_DIR" "$KAFKA_LOG_DIR"
  cluster_id="$(storage_tool random-uuid)"
fi
[[ "$cluster_id" =~ ^[A-Za-z0-9_-]{22}$ ]] || die "bad cluster id '$cluster_id'"

rm -rf "$KAFKA_CONFIG_DIR"
mkdir -p "$KAFKA_DATA_DIR" "$KAFKA_LOG_DIR"
for ((n = 1; n <= NODES; n++)); do write_node_config "$BASE" "$NODES" "$n"; done
save_cluster_env "$BASE" "$NODES" "$cluster_id"

# Format the storage of every node (in parallel; --ignore-formatted keeps kept data as it is).
fmt_pids=()
for ((n = 1; n <= NODES; n++)); do
  storage_tool format --ignore-formatted -t "$cluster_id" -c "$KAFKA_CONFIG_DIR/node$n.properties" \
    >"$KAFKA_HOME_DIR/format-node$n.out" 2>&1 &
  fmt_pids+=($!)
done
for ((n = 1; n <= NODES; n++)); do
  wait "${fmt_pids[$((n - 1))]}" || { cat "$KAFKA_HOME_DIR/format-node$n.out" >&2; die "formatting node $n failed"; }
done

t_launch=$SECONDS
waits=() launched=()
# If a node fails to come up, stop those launched, so that no half-started cluster lingers.
on_exit() {
  local rc=$?
  if [ "$rc" -ne 0 ] && [ "${#launched[@]}" -gt 0 ]; then
    log "start failed: stopping node(s) ${launched[*]} (logs stay in .kafka/logs)"
    stop_nodes "${launched[@]}" || true
  fi
}
trap on_exit EXIT
for ((n = 1; n <= NODES; n++)); do
  launch_node "$n"
  launched+=("$n")
  waits+=("$n:$LAUNCH_OFFSET")
done
log "started $NODES node(s) (pids $(cat "$KAFKA_HOME_DIR"/node*.pid | tr '\n' ' ')); waiting until ready"
wait_ready "${waits[@]}"

bootstrap="$(bootstrap_list "$BASE" "$NODES")"
log "ready in $((SECONDS - t_launch)) s (total $((SECONDS - t_start)) s): $NODES node(s), cluster $cluster_id"
log "logs: .kafka/logs/node*.log   data: .kafka/data/node*   stop: npm run kafka:stop"
echo "KAFKA_BOOTSTRAP_SERVERS=$bootstrap"
