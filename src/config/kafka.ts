// Configuration of the scale-out pipeline: where HTTP ingest sends events (the store directly, or
// Kafka), the Kafka client and worker settings, and the topic-to-event mappings for change-capture
// topics. Parsed once by loadConfig (the only caller); errors name the key, the bad value and what
// is allowed. A mapping file is read here, at start, so a bad one stops the process before it serves.

import { fail, int, oneOf, refuse, text, type Env } from './env.ts';
import { parseChangeMapping, readMappingObject, type ChangeMapping } from './change-mapping.ts';

export type IngestMode = 'direct' | 'kafka';
export type KafkaCompression = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

/** How rows of a change-capture topic (seed 000: `concept_events`, `actions`) become events: the
 * mapping format shared with the Postgres table mappings (change-mapping.ts), keyed by topic. */
export interface TopicMapping extends ChangeMapping {
  readonly topic: string;
}

export interface KafkaConfig {
  readonly bootstrapServers: readonly string[];
  /** topic of HTTP-ingested events (KAFKA_TOPIC, default tally.events); its dead letters go to `<topic>.dlq` */
  readonly topic: string;
  /** consumer group of the workers (KAFKA_GROUP_ID, default tally-worker) */
  readonly groupId: string;
  /** client id prefix (KAFKA_CLIENT_ID, default tally) */
  readonly clientId: string;
  /** producer: record batch compression (KAFKA_COMPRESSION: none, gzip, snappy, lz4, zstd; default lz4) */
  readonly compression: KafkaCompression;
  /** producer: wait this long for more requests to share one produce call (KAFKA_LINGER_MS, default 2 ms) */
  readonly lingerMs: number;
  /** producer: produce calls in flight at once (KAFKA_PRODUCE_CONCURRENCY, default 4; 1 = strict per-user order even across failures) */
  readonly produceConcurrency: number;
  /** producer: most events queued or being produced; beyond it ingest answers 503 (KAFKA_MAX_IN_FLIGHT_EVENTS, default 200000) */
  readonly maxInFlightEvents: number;
  /** producer: give up on a produce call (and answer 503) after this long (KAFKA_PRODUCE_TIMEOUT_MS, default 15000 ms) */
  readonly produceTimeoutMs: number;
  /** consumer: group session timeout (KAFKA_SESSION_TIMEOUT_MS, default 10000 ms; the broker's minimum is 6000) */
  readonly sessionTimeoutMs: number;
  /** worker: most batches submitted to the store and not yet committed; the consumer pauses beyond it (KAFKA_WORKER_MAX_IN_FLIGHT, default 3) */
  readonly workerMaxInFlightBatches: number;
  /** worker: first retry delay after a store error, doubled up to 30 s (KAFKA_WORKER_RETRY_MS, default 500 ms) */
  readonly workerRetryMs: number;
  /** does `tally serve` with TALLY_INGEST=kafka also consume? auto = only with the embedded store,
   * whose engine it owns (TALLY_KAFKA_WORKER: auto, on, off; off = an ingest-only node) */
  readonly inProcessWorker: 'auto' | 'on' | 'off';
  /** change-capture topics and how their rows become events (TALLY_KAFKA_MAPPINGS: a JSON file or inline JSON) */
  readonly mappings: readonly TopicMapping[];
}

export interface KafkaSettings {
  /** HTTP ingest writes to the store (`direct`, default) or produces to Kafka (`kafka`) (TALLY_INGEST) */
  readonly ingest: IngestMode;
  readonly kafka: KafkaConfig;
}

const TOPIC_RE = /^[A-Za-z0-9._-]{1,240}$/;

const TOPIC_FORMAT = 'a Kafka topic name ([A-Za-z0-9._-], 1-240 characters)';

function topicName(key: string, raw: string): string {
  if (!TOPIC_RE.test(raw)) fail(key, raw, TOPIC_FORMAT);
  return raw;
}

function mappingList(env: Env, cwd: string): TopicMapping[] {
  const raw = env.TALLY_KAFKA_MAPPINGS;
  if (raw === undefined || raw.trim() === '') return [];
  const parsed = readMappingObject('TALLY_KAFKA_MAPPINGS', raw, cwd, '{ "<topic>": { "app_id", "event_name" | "event_name_column", "user_id"?, "timestamp"?, "session_id"?, "event_id"?, "category"? } }');
  return Object.entries(parsed).map(([topic, spec]) => {
    const where = `TALLY_KAFKA_MAPPINGS[${topic}]`;
    topicName(where, topic);
    return Object.freeze({ topic, ...parseChangeMapping(where, spec).mapping });
  });
}

export function loadKafkaConfig(env: Env, cwd = '.'): KafkaSettings {
  const ingest = oneOf(env, 'TALLY_INGEST');
  const topic = topicName('KAFKA_TOPIC', text(env, 'KAFKA_TOPIC') as string);
  const bootstrapServers = (text(env, 'KAFKA_BOOTSTRAP_SERVERS') as string).split(',').map((s) => s.trim()).filter(Boolean);
  for (const b of bootstrapServers) if (!/^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/.test(b)) refuse('KAFKA_BOOTSTRAP_SERVERS', b);
  const groupId = text(env, 'KAFKA_GROUP_ID') as string;
  if (groupId.length > 200) refuse('KAFKA_GROUP_ID', groupId.slice(0, 40));
  const clientId = text(env, 'KAFKA_CLIENT_ID') as string;
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(clientId)) refuse('KAFKA_CLIENT_ID', clientId);
  const mappings = mappingList(env, cwd);
  for (const m of mappings) if (m.topic === topic || m.topic === `${topic}.dlq`) fail(`TALLY_KAFKA_MAPPINGS[${m.topic}]`, m.topic, `a topic other than KAFKA_TOPIC (${topic}) and its dead-letter topic`);
  const inProcessWorker = oneOf(env, 'TALLY_KAFKA_WORKER');
  const compression: KafkaCompression = oneOf(env, 'KAFKA_COMPRESSION');
  const kafka: KafkaConfig = {
    bootstrapServers: Object.freeze(bootstrapServers),
    topic,
    groupId,
    clientId,
    compression,
    lingerMs: int(env, 'KAFKA_LINGER_MS'),
    produceConcurrency: int(env, 'KAFKA_PRODUCE_CONCURRENCY'),
    maxInFlightEvents: int(env, 'KAFKA_MAX_IN_FLIGHT_EVENTS'),
    produceTimeoutMs: int(env, 'KAFKA_PRODUCE_TIMEOUT_MS'),
    sessionTimeoutMs: int(env, 'KAFKA_SESSION_TIMEOUT_MS'),
    workerMaxInFlightBatches: int(env, 'KAFKA_WORKER_MAX_IN_FLIGHT'),
    workerRetryMs: int(env, 'KAFKA_WORKER_RETRY_MS'),
    inProcessWorker,
    mappings: Object.freeze(mappings),
  };
  return { ingest, kafka: Object.freeze(kafka) };
}
