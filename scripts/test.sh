#!/usr/bin/env bash
# The test command (`npm test`): makes sure the services the integration suites need are up — a
# Kafka broker (scripts/kafka), PostgreSQL (scripts/postgres) and a ClickHouse server (scripts/clickhouse,
# for the server-transport smoke test) — runs every test file, and stops
# whatever it started itself. Services already running (e.g. started by .ci/run) are left running.
set -uo pipefail
cd "$(dirname "$0")/.."

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

started=()
stop_started() {
  for s in "${started[@]}"; do bash "scripts/$s/stop.sh" >/dev/null 2>&1 || true; done
}
trap stop_started EXIT

if ! port_open "${KAFKA_PORT:-9092}"; then
  bash scripts/kafka/start.sh || { echo "could not start Kafka (see docs/dev-services.md)" >&2; exit 1; }
  started+=(kafka)
fi
if ! port_open "${PGPORT:-55432}"; then
  bash scripts/postgres/start.sh || { echo "could not start PostgreSQL (see docs/dev-services.md)" >&2; exit 1; }
  started+=(postgres)
fi
if ! port_open "${CLICKHOUSE_HTTP_PORT:-18123}"; then
  bash scripts/clickhouse/start.sh >/dev/null || { echo "could not start ClickHouse (see docs/dev-services.md)" >&2; exit 1; }
  started+=(clickhouse)
fi

node --test --test-concurrency="${TEST_CONCURRENCY:-1}" --test-timeout=600000 "test/**/*.test.ts" "sdk/test/**/*.test.ts"
