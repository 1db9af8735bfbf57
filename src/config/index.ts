// Configuration: parsed once from the environment, validated, frozen and passed down.
// process.env is read nowhere else. Every variable is declared in registry.ts (type, default,
// range, unit, description), which also generates docs/configuration.md; errors name the key, the
// bad value and what is allowed.

import path from 'node:path';
import { bool, int, oneOf, refuse, text, type Env } from './env.ts';
import { loadTrustConfig, type TrustConfig } from './trust.ts';
import { loadKafkaConfig, type KafkaSettings } from './kafka.ts';
import { loadCdcConfig, type CdcConfig } from './cdc.ts';
import { loadJobsConfig, type JobsConfig } from './jobs.ts';
import { loadEnrichmentConfig, type EnrichmentConfig } from './enrichment.ts';
import { loadSinksConfig, type SinksConfig } from './sinks.ts';
import { loadAlertsConfig, loadTracingConfig, type AlertsConfig, type TracingConfig } from './alerts.ts';

export type { TrustConfig, PrivacyConfig, RetentionConfig, RetentionPeriod, RateLimitConfig, RawQueryConfig } from './trust.ts';
export { retainedSince } from './trust.ts';

export type { KafkaConfig, KafkaSettings, IngestMode, TopicMapping } from './kafka.ts';
export type { CdcConfig, TableMapping, ChangePolicy } from './cdc.ts';
export type { ChangeMapping } from './change-mapping.ts';
export type { JobsConfig, ActionWeightsConfig } from './jobs.ts';
export type { EnrichmentConfig } from './enrichment.ts';
export type { SinksConfig } from './sinks.ts';
export type { AlertsConfig, PipelineThresholds, TracingConfig } from './alerts.ts';

export { configRegistry, CONFIG_GROUPS, variables } from './registry.ts';
export type { VariableSpec, VariableName, ConfigGroup } from './registry.ts';

export interface Config extends TrustConfig, KafkaSettings {
  /** API port (TALLY_PORT, default 8001) */
  readonly port: number;
  /** API bind address (TALLY_HOST, default 127.0.0.1) */
  readonly host: string;
  /** Prometheus port (TALLY_METRICS_PORT, default 8000; 0 = pick a free port) */
  readonly metricsPort: number;
  /** embedded store directory (TALLY_DATA_DIR, default ./data) */
  readonly dataDir: string;
  /** admin bearer token (TALLY_ADMIN_TOKEN); generated on first start when unset */
  readonly adminToken: string | undefined;
  /** 'embedded' or a ClickHouse URL (TALLY_STORE) */
  readonly store: { readonly kind: 'embedded' } | { readonly kind: 'server'; readonly url: string };
  /** flush when this many events are queued (BATCH_SIZE, default 20000 events) */
  readonly batchSize: number;
  /** flush at the latest this long after the oldest queued event (FLUSH_INTERVAL_MS, default 100 ms) */
  readonly flushIntervalMs: number;
  /** ingest queue bound in events (TALLY_QUEUE_MAX_EVENTS, default 200000) */
  readonly queueMaxEvents: number;
  /** ingest queue bound in bytes of encoded rows (TALLY_QUEUE_MAX_BYTES, default 256 MiB) */
  readonly queueMaxBytes: number;
  /** largest accepted request body, after decompression (TALLY_MAX_BODY_BYTES, default 16 MiB) */
  readonly maxBodyBytes: number;
  /** most events in one batch request (TALLY_MAX_BATCH_EVENTS, default 10000) */
  readonly maxBatchEvents: number;
  /** events older than this are rejected; 0 = no horizon (TALLY_MAX_EVENT_AGE_DAYS, default 0) */
  readonly maxEventAgeDays: number;
  /** fsync each inserted part before acknowledging (TALLY_FSYNC, default true) */
  readonly fsync: boolean;
  /** pino level (TALLY_LOG_LEVEL, default info) */
  readonly logLevel: string;
  /** quarantined payloads are cut to this many bytes (TALLY_QUARANTINE_MAX_PAYLOAD_BYTES, default 64 KiB) */
  readonly quarantineMaxPayloadBytes: number;
  /** engine time limit of every API query that sets none — insights, reports, listings (TALLY_API_QUERY_TIMEOUT_MS, default 30000 ms) */
  readonly apiQueryTimeoutMs: number;
  /** engine sessions that share API queries (TALLY_QUERY_SESSIONS, default 2); ingest and raw SQL have their own */
  readonly querySessions: number;
  /** a request must arrive whole (headers and body) within this long (TALLY_REQUEST_TIMEOUT_MS, default 30000 ms) */
  readonly requestTimeoutMs: number;
  /** open connections from one client address; more are closed at once (TALLY_MAX_CONNECTIONS_PER_IP, default 512) */
  readonly maxConnectionsPerIp: number;
  /** answers kept for repeated questions (TALLY_ANSWER_CACHE_TTL_SECONDS, default 300; 0 = off; TALLY_ANSWER_CACHE_MAX_BYTES) */
  readonly answerCache: { readonly ttlSeconds: number; readonly maxBytes: number };
  /** Postgres change capture (TALLY_CDC_URL and friends); undefined = off */
  readonly cdc: CdcConfig | undefined;
  /** scheduled jobs and the action-weights job (TALLY_JOBS_*, TALLY_ACTION_WEIGHTS_*) */
  readonly jobs: JobsConfig;
  /** geography, the profile cache, the dashboard metrics cache (TALLY_GEOIP, TALLY_PROFILE_CACHE_*, TALLY_DASHBOARD_METRICS_TTL_SECONDS) */
  readonly enrichment: EnrichmentConfig;
  /** exports: schedule, batch size, retries (TALLY_SINKS_*) */
  readonly sinks: SinksConfig;
  /** alert evaluation, webhook delivery, pipeline rules, slow queries (TALLY_ALERTS_*, TALLY_SLOW_QUERY_LOG_MS) */
  readonly alerts: AlertsConfig;
  /** span export over OTLP/HTTP (OTEL_EXPORTER_OTLP_*; off when unset) */
  readonly tracing: TracingConfig;
}

function storeOption(env: Env): Config['store'] {
  const raw = text(env, 'TALLY_STORE') as string;
  if (raw === 'embedded') return { kind: 'embedded' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    refuse('TALLY_STORE', raw);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') refuse('TALLY_STORE', raw);
  return { kind: 'server', url: raw };
}

function adminTokenOption(env: Env): string | undefined {
  const token = text(env, 'TALLY_ADMIN_TOKEN');
  if (token !== undefined && token.length < 16) refuse('TALLY_ADMIN_TOKEN', token);
  return token;
}

export function loadConfig(env: Env = {}, cwd = '.'): Config {
  const config: Config = {
    port: int(env, 'TALLY_PORT'),
    host: text(env, 'TALLY_HOST') as string,
    metricsPort: int(env, 'TALLY_METRICS_PORT'),
    dataDir: path.resolve(cwd, text(env, 'TALLY_DATA_DIR') as string),
    adminToken: adminTokenOption(env),
    store: storeOption(env),
    batchSize: int(env, 'BATCH_SIZE'),
    flushIntervalMs: int(env, 'FLUSH_INTERVAL_MS'),
    queueMaxEvents: int(env, 'TALLY_QUEUE_MAX_EVENTS'),
    queueMaxBytes: int(env, 'TALLY_QUEUE_MAX_BYTES'),
    maxBodyBytes: int(env, 'TALLY_MAX_BODY_BYTES'),
    maxBatchEvents: int(env, 'TALLY_MAX_BATCH_EVENTS'),
    maxEventAgeDays: int(env, 'TALLY_MAX_EVENT_AGE_DAYS'),
    fsync: bool(env, 'TALLY_FSYNC'),
    logLevel: oneOf(env, 'TALLY_LOG_LEVEL'),
    quarantineMaxPayloadBytes: int(env, 'TALLY_QUARANTINE_MAX_PAYLOAD_BYTES'),
    apiQueryTimeoutMs: int(env, 'TALLY_API_QUERY_TIMEOUT_MS'),
    querySessions: int(env, 'TALLY_QUERY_SESSIONS'),
    requestTimeoutMs: int(env, 'TALLY_REQUEST_TIMEOUT_MS'),
    maxConnectionsPerIp: int(env, 'TALLY_MAX_CONNECTIONS_PER_IP'),
    answerCache: Object.freeze({ ttlSeconds: int(env, 'TALLY_ANSWER_CACHE_TTL_SECONDS'), maxBytes: int(env, 'TALLY_ANSWER_CACHE_MAX_BYTES') }),
    ...loadTrustConfig(env),
    ...loadKafkaConfig(env, cwd),
    cdc: loadCdcConfig(env, cwd),
    jobs: loadJobsConfig(env),
    enrichment: loadEnrichmentConfig(env),
    sinks: loadSinksConfig(env),
    alerts: loadAlertsConfig(env),
    tracing: loadTracingConfig(env),
  };
  return Object.freeze(config);
}
