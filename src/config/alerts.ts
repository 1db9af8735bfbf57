// Configuration of alerts and pipeline monitoring (src/alerts) and of trace export
// (src/observability/tracing-sdk.ts): when rules are evaluated, how webhooks are retried, where the
// built-in pipeline rules deliver and their thresholds, the slow-query limits, and the standard
// OpenTelemetry OTLP endpoint variables. Parsed once by loadConfig; errors name the key, the bad
// value and what is allowed.

import { Cron } from 'croner';
import { bool, int, oneOf, refuse, text, type Env } from './env.ts';

export interface PipelineThresholds {
  /** ingest receive-to-queryable lag objective, p99 over the window (TALLY_ALERTS_INGEST_LAG_SECONDS, default 60 s) */
  readonly ingestLagSeconds: number;
  /** pipeline errors per 100 events consumed over the window (TALLY_ALERTS_ERROR_RATE_PERCENT, default 1) */
  readonly errorRatePercent: number;
  /** Kafka dead letters in the window (TALLY_ALERTS_DEAD_LETTERS, default 1) */
  readonly deadLetters: number;
  /** events quarantined in the window (TALLY_ALERTS_QUARANTINE_SPIKE, default 100) */
  readonly quarantined: number;
  /** event names outside an app's tracking plan seen in the window (TALLY_ALERTS_SCHEMA_DRIFT, default 1) */
  readonly schemaDrift: number;
  /** job runs failed in the window (TALLY_ALERTS_JOB_FAILURES, default 1) */
  readonly jobFailures: number;
  /** sink batches failed in the window (TALLY_ALERTS_SINK_FAILURES, default 1) */
  readonly sinkFailures: number;
  /** change-capture replication slot lag (TALLY_ALERTS_CDC_SLOT_LAG_BYTES, default 1 GiB) */
  readonly cdcSlotLagBytes: number;
  /** queries slower than this in the window alert (TALLY_ALERTS_SLOW_QUERY_MS, default 5000 ms) */
  readonly slowQueryMs: number;
}

export interface AlertsConfig {
  /** cron expression, UTC (TALLY_ALERTS_SCHEDULE, default every minute) */
  readonly schedule: string;
  /** attempts per webhook delivery, the first included (TALLY_ALERTS_DELIVERY_ATTEMPTS, default 5) */
  readonly deliveryAttempts: number;
  /** first retry delay, doubled per retry, half of it random (TALLY_ALERTS_DELIVERY_RETRY_BASE_MS, default 1000 ms) */
  readonly deliveryRetryBaseMs: number;
  /** one attempt gives up after this long (TALLY_ALERTS_DELIVERY_TIMEOUT_MS, default 10000 ms) */
  readonly deliveryTimeoutMs: number;
  /** most rules per app (TALLY_ALERTS_MAX_RULES_PER_APP, default 100) */
  readonly maxRulesPerApp: number;
  /** app webhooks may reach loopback, private and other non-public addresses (TALLY_ALERTS_WEBHOOK_PRIVATE_NETWORKS, default false) */
  readonly webhookPrivateNetworks: boolean;
  /** the built-in pipeline rules are evaluated (TALLY_ALERTS_PIPELINE_RULES, default true) */
  readonly pipelineRules: boolean;
  /** where pipeline alerts are delivered (TALLY_ALERTS_PIPELINE_WEBHOOK_URL/_SECRET/_FORMAT); undefined: history and logs only */
  readonly pipelineWebhook: { readonly url: string; readonly secret: string; readonly format: 'tally' | 'slack' | 'alertmanager' } | undefined;
  /** the window the pipeline rules look back over (TALLY_ALERTS_PIPELINE_WINDOW_SECONDS, default 300 s) */
  readonly pipelineWindowSeconds: number;
  readonly thresholds: PipelineThresholds;
  /** a query slower than this is logged with its analysis and spec hash (TALLY_SLOW_QUERY_LOG_MS, default 1000 ms) */
  readonly slowQueryLogMs: number;
}

export interface TracingConfig {
  /** OTLP/HTTP traces URL (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, or OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces); undefined: no export */
  readonly tracesEndpoint: string | undefined;
  /** service.name of the exported spans (OTEL_SERVICE_NAME, default tally) */
  readonly serviceName: string;
}

function httpUrl(key: 'TALLY_ALERTS_PIPELINE_WEBHOOK_URL' | 'OTEL_EXPORTER_OTLP_ENDPOINT' | 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    refuse(key, raw);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') refuse(key, raw);
  return raw;
}

function percent(env: Env): number {
  const raw = text(env, 'TALLY_ALERTS_ERROR_RATE_PERCENT') as string;
  const n = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw.trim()) || !(n > 0 && n <= 100)) refuse('TALLY_ALERTS_ERROR_RATE_PERCENT', raw);
  return n;
}

export function loadAlertsConfig(env: Env): AlertsConfig {
  const schedule = text(env, 'TALLY_ALERTS_SCHEDULE') as string;
  try {
    new Cron(schedule, { timezone: 'UTC', paused: true });
  } catch {
    refuse('TALLY_ALERTS_SCHEDULE', schedule);
  }
  const webhookUrl = text(env, 'TALLY_ALERTS_PIPELINE_WEBHOOK_URL');
  const webhookSecret = text(env, 'TALLY_ALERTS_PIPELINE_WEBHOOK_SECRET');
  if (webhookSecret !== undefined && (webhookSecret.length < 8 || webhookSecret.length > 256)) refuse('TALLY_ALERTS_PIPELINE_WEBHOOK_SECRET', webhookSecret);
  if (webhookUrl !== undefined && webhookSecret === undefined) refuse('TALLY_ALERTS_PIPELINE_WEBHOOK_SECRET', '');
  const webhookFormat = oneOf(env, 'TALLY_ALERTS_PIPELINE_WEBHOOK_FORMAT');
  return Object.freeze({
    schedule,
    deliveryAttempts: int(env, 'TALLY_ALERTS_DELIVERY_ATTEMPTS'),
    deliveryRetryBaseMs: int(env, 'TALLY_ALERTS_DELIVERY_RETRY_BASE_MS'),
    deliveryTimeoutMs: int(env, 'TALLY_ALERTS_DELIVERY_TIMEOUT_MS'),
    maxRulesPerApp: int(env, 'TALLY_ALERTS_MAX_RULES_PER_APP'),
    webhookPrivateNetworks: bool(env, 'TALLY_ALERTS_WEBHOOK_PRIVATE_NETWORKS'),
    pipelineRules: bool(env, 'TALLY_ALERTS_PIPELINE_RULES'),
    pipelineWebhook:
      webhookUrl === undefined
        ? undefined
        : Object.freeze({ url: httpUrl('TALLY_ALERTS_PIPELINE_WEBHOOK_URL', webhookUrl), secret: webhookSecret as string, format: webhookFormat }),
    pipelineWindowSeconds: int(env, 'TALLY_ALERTS_PIPELINE_WINDOW_SECONDS'),
    thresholds: Object.freeze({
      ingestLagSeconds: int(env, 'TALLY_ALERTS_INGEST_LAG_SECONDS'),
      errorRatePercent: percent(env),
      deadLetters: int(env, 'TALLY_ALERTS_DEAD_LETTERS'),
      quarantined: int(env, 'TALLY_ALERTS_QUARANTINE_SPIKE'),
      schemaDrift: int(env, 'TALLY_ALERTS_SCHEMA_DRIFT'),
      jobFailures: int(env, 'TALLY_ALERTS_JOB_FAILURES'),
      sinkFailures: int(env, 'TALLY_ALERTS_SINK_FAILURES'),
      cdcSlotLagBytes: int(env, 'TALLY_ALERTS_CDC_SLOT_LAG_BYTES'),
      slowQueryMs: int(env, 'TALLY_ALERTS_SLOW_QUERY_MS'),
    }),
    slowQueryLogMs: int(env, 'TALLY_SLOW_QUERY_LOG_MS'),
  });
}

export function loadTracingConfig(env: Env): TracingConfig {
  const traces = text(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const base = text(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  const tracesEndpoint =
    traces !== undefined ? httpUrl('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', traces) : base !== undefined ? `${httpUrl('OTEL_EXPORTER_OTLP_ENDPOINT', base).replace(/\/+$/, '')}/v1/traces` : undefined;
  return Object.freeze({ tracesEndpoint, serviceName: text(env, 'OTEL_SERVICE_NAME') as string });
}
