#!/usr/bin/env bash
# The test command. Suites say in their file name what they need besides the embedded engine:
#   *.kafka.test.ts       a Kafka broker      (scripts/kafka, port KAFKA_PORT or 9092)
#   *.pg.test.ts          PostgreSQL          (scripts/postgres, port PGPORT or 55432)
#   *.clickhouse.test.ts  a ClickHouse server (scripts/clickhouse, port CLICKHOUSE_HTTP_PORT or 18123)
#   *.s3.test.ts          an S3 server        (scripts/seaweedfs, port SEAWEEDFS_S3_PORT or 18333)
#   *.browser.test.ts     Chromium            (/usr/bin/chromium; nothing to start)
# and this script starts only the services the selected suites need, runs them, and stops whatever
# it started itself (services already running, e.g. started by .ci/run, are left running).
#
#   npm test                       every suite (tests of test/ and sdk/test/), every service
#   npm test -- test/api           the suites under test/api (starts nothing)
#   npm test -- test/ingest/kafka-sink.kafka.test.ts
#   npm run test:unit              every suite that needs no service (no Kafka, PostgreSQL,
#                                  ClickHouse server or browser)
#   npm test -- --list …           print the services and files it would use, and run nothing
# Other arguments starting with `--` go to `node --test` (e.g. --test-name-pattern=…).
set -uo pipefail
cd "$(dirname "$0")/.."

unit=false
list=false
paths=()
node_args=()
for arg in "$@"; do
  case "$arg" in
    --unit) unit=true ;;
    --list) list=true ;;
    --*) node_args+=("$arg") ;;
    *) paths+=("$arg") ;;
  esac
done
[ ${#paths[@]} -eq 0 ] && paths=(test sdk/test)

files=()
for p in "${paths[@]}"; do
  if [ -d "$p" ]; then
    while IFS= read -r f; do files+=("$f"); done < <(find "$p" -name node_modules -prune -o -type f -name '*.test.ts' -print | sort)
  elif [ -f "$p" ]; then
    files+=("$p")
  else
    echo "no such test file or directory: $p" >&2
    exit 2
  fi
done

service_of() {
  case "$1" in
    *.kafka.test.ts) echo kafka ;;
    *.pg.test.ts) echo postgres ;;
    *.clickhouse.test.ts) echo clickhouse ;;
    *.s3.test.ts) echo seaweedfs ;;
    *.browser.test.ts) echo browser ;;
  esac
}

selected=()
declare -A needs=()
for f in "${files[@]}"; do
  s=$(service_of "$f")
  if $unit && [ -n "$s" ]; then continue; fi
  selected+=("$f")
  [ -n "$s" ] && needs[$s]=1
done
if [ ${#selected[@]} -eq 0 ]; then
  echo "no test files selected" >&2
  exit 2
fi

if $list; then
  echo "services: ${!needs[*]}"
  printf '%s\n' "${selected[@]}"
  exit 0
fi

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

started=()
stop_started() {
  for s in "${started[@]}"; do bash "scripts/$s/stop.sh" >/dev/null 2>&1 || true; done
}
trap stop_started EXIT

# start <service> <port>: unless something already listens there
start() {
  port_open "$2" && return 0
  bash "scripts/$1/start.sh" >/dev/null || { echo "could not start $1 (see docs/dev-services.md)" >&2; exit 1; }
  started+=("$1")
}
[ -n "${needs[kafka]:-}" ] && start kafka "${KAFKA_PORT:-9092}"
[ -n "${needs[postgres]:-}" ] && start postgres "${PGPORT:-55432}"
[ -n "${needs[clickhouse]:-}" ] && start clickhouse "${CLICKHOUSE_HTTP_PORT:-18123}"
[ -n "${needs[seaweedfs]:-}" ] && start seaweedfs "${SEAWEEDFS_S3_PORT:-18333}"
if [ -n "${needs[browser]:-}" ] && ! [ -x /usr/bin/chromium ]; then
  echo "browser suites need Chromium at /usr/bin/chromium (apt-get install -y chromium)" >&2
fi

node --test --test-concurrency="${TEST_CONCURRENCY:-1}" --test-timeout=600000 "${node_args[@]}" "${selected[@]}"
