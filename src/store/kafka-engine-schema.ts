// Seed 000's pipeline done by ClickHouse itself (`tally schema --kafka-engine`): Kafka-engine
// tables that consume the topics, and materialized views that move each message into `events`.
//   - KAFKA_TOPIC carries the rows ingest nodes produce (JSONEachRow, the `events` columns).
//   - A mapped change-capture topic (TALLY_KAFKA_MAPPINGS) is read as JSON text and mapped in SQL
//     the way the worker maps it in JavaScript, including the event id (UUID v7 layout: event time,
//     then SHA-256 bits of `cdc\0<topic>\0<key>`), so both paths store a row under the same id.
//   - Messages the engine cannot parse land in `kafka_errors` (kafka_handle_error_mode='stream').
// Unlike the worker, this path does not deduplicate redelivered messages by event_id (the engine
// inserts what it reads, at least once): use it where an occasional duplicate is acceptable.
// With --cluster, every node consumes (one group) into its shard-local tables.

import { TallyError } from '../errors.ts';
import type { TopicMapping } from '../config/index.ts';
import { categorize } from '../event/index.ts';
import { migratedColumns } from './cluster-schema.ts';
import { loadMigrations, type Migration } from './migrate.ts';

export interface KafkaEngineOptions {
  readonly brokers: readonly string[];
  readonly topic: string;
  /** consumer group of the ClickHouse consumers (default `<KAFKA_GROUP_ID>-clickhouse`) */
  readonly groupName: string;
  readonly mappings: readonly TopicMapping[];
  /** cluster name: ON CLUSTER, and views write to `events_local` */
  readonly cluster?: string;
}

function quote(s: string): string {
  return `'${s.replace(/[\\']/g, '\\$&')}'`;
}

function safeName(topic: string): string {
  return topic.replace(/[^A-Za-z0-9_]/g, '_');
}

function kafkaSettings(options: KafkaEngineOptions, topic: string, format: string): string {
  return [
    `kafka_broker_list = ${quote(options.brokers.join(','))}`,
    `kafka_topic_list = ${quote(topic)}`,
    `kafka_group_name = ${quote(options.groupName)}`,
    `kafka_format = '${format}'`,
    `kafka_num_consumers = 1`,
    `kafka_handle_error_mode = 'stream'`,
  ].join(',\n    ');
}

/** SQL of a JSON field as text: strings unquoted, numbers as written */
function field(column: string): string {
  return `if(JSONType(raw, ${quote(column)}) = 'String', JSONExtractString(raw, ${quote(column)}), JSONExtractRaw(raw, ${quote(column)}))`;
}

/** the worker's deriveEventId(ms, 'cdc\0<topic>\0<key>') in SQL (see src/event/event-id.ts); `ts` is the event time */
function eventIdSql(topic: string, keyColumn: string): string {
  const digest = `lower(hex(SHA256(concat('cdc', char(0), ${quote(topic)}, char(0), ${field(keyColumn)}))))`;
  const d = (from: number, length: number) => `substring(${digest}, ${from}, ${length})`;
  const ms = `leftPad(lower(hex(toUInt64(toUnixTimestamp64Milli(ts)))), 12, '0')`;
  const variant = `lower(hex(toUInt8(bitOr(bitAnd(reinterpretAsUInt8(unhex(${d(5, 2)})), 63), 128))))`;
  return `toUUID(concat(substring(${ms}, 1, 8), '-', substring(${ms}, 9, 4), '-7', ${d(2, 3)}, '-', ${variant}, ${d(7, 2)}, '-', ${d(9, 12)}))`;
}

function timestampSql(column: string): string {
  const c = quote(column);
  return `if(JSONType(raw, ${c}) IN ('Int64', 'UInt64', 'Double'), fromUnixTimestamp64Milli(JSONExtractInt(raw, ${c}), 'UTC'), parseDateTime64BestEffortOrNull(JSONExtractString(raw, ${c}), 3, 'UTC'))`;
}

function mappedTopic(m: TopicMapping, options: KafkaEngineOptions, on: string, target: string): string[] {
  // the engine's SQL names events with fixed strings; a name or category read per row is the worker's job
  if (m.eventNameColumn || m.categoryColumn) throw new TallyError('TALLY_ERR_CONFIG_INVALID', [`TALLY_KAFKA_MAPPINGS[${m.topic}]: event_name_column and category are read by \`tally worker\`, not by the Kafka-engine tables`]);
  const queue = `kafka_${safeName(m.topic)}_queue`;
  const used = [m.userIdColumn, m.timestampColumn, m.sessionIdColumn, ...(m.eventIdColumn ? [m.eventIdColumn] : [])].map(quote).join(', ');
  const properties = `concat('{', arrayStringConcat(arrayMap(kv -> concat(toJSONString(kv.1), ':', kv.2), arrayFilter(kv -> kv.1 NOT IN (${used}), JSONExtractKeysAndValuesRaw(raw))), ','), '}')`;
  const id = m.eventIdColumn ? `if(${field(m.eventIdColumn)} != '', ${eventIdSql(m.topic, m.eventIdColumn)}, generateUUIDv7())` : 'generateUUIDv7()';
  return [
    `CREATE TABLE IF NOT EXISTS ${queue}${on}\n(\n    raw String\n)\nENGINE = Kafka\nSETTINGS\n    ${kafkaSettings(options, m.topic, 'JSONAsString')}`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS ${queue}_mv${on} TO ${target}\nAS SELECT\n    ${[
      `${id} AS event_id`,
      `${quote(m.appId)} AS app_id`,
      `${quote(m.eventName)} AS event_name`,
      `${quote(categorize(m.eventName))} AS category`,
      `${field(m.userIdColumn)} AS user_id`,
      `${field(m.sessionIdColumn)} AS session_id`,
      `assumeNotNull(ts) AS timestamp`,
      `now64(3, 'UTC') AS received_at`,
      `${properties} AS properties`,
    ].join(',\n    ')}\nFROM (SELECT raw, ${timestampSql(m.timestampColumn)} AS ts FROM ${queue} WHERE length(_error) = 0)\nWHERE ts IS NOT NULL AND user_id != ''`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS ${queue}_errors_mv${on} TO kafka_errors\nAS SELECT now64(3, 'UTC') AS at, _topic AS topic, _partition AS partition, _offset AS offset, _error AS error, _raw_message AS raw\nFROM ${queue} WHERE length(_error) > 0`,
  ];
}

/** The Kafka-engine DDL: one statement per element, to run after the regular schema. */
export function kafkaEngineSchema(options: KafkaEngineOptions, migrations: readonly Migration[] = loadMigrations()): string[] {
  const on = options.cluster ? ` ON CLUSTER ${options.cluster}` : '';
  const target = options.cluster ? 'events_local' : 'events';
  // the columns of `events` after every migration, the ones added by ALTER included
  const columns = migratedColumns('events', migrations);
  const queue = `kafka_${safeName(options.topic)}_queue`;
  return [
    `CREATE TABLE IF NOT EXISTS kafka_errors${on}\n(\n    at DateTime64(3, 'UTC'),\n    topic LowCardinality(String),\n    partition UInt64,\n    offset UInt64,\n    error String,\n    raw String CODEC(ZSTD(1))\n)\nENGINE = MergeTree\nORDER BY (topic, at)\nTTL toDateTime(at) + INTERVAL 30 DAY`,
    `CREATE TABLE IF NOT EXISTS ${queue}${on}\n(\n    ${columns.map((c) => `${c.name} ${c.type}`).join(',\n    ')}\n)\nENGINE = Kafka\nSETTINGS\n    ${kafkaSettings(options, options.topic, 'JSONEachRow')}`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS ${queue}_mv${on} TO ${target}\nAS SELECT ${columns.map((c) => c.name).join(', ')}\nFROM ${queue} WHERE length(_error) = 0`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS ${queue}_errors_mv${on} TO kafka_errors\nAS SELECT now64(3, 'UTC') AS at, _topic AS topic, _partition AS partition, _offset AS offset, _error AS error, _raw_message AS raw\nFROM ${queue} WHERE length(_error) > 0`,
    ...options.mappings.flatMap((m) => mappedTopic(m, options, on, target)),
  ];
}
