// The built-in pipeline rules: on by default (TALLY_ALERTS_PIPELINE_RULES), thresholds from
// TALLY_ALERTS_* (docs/alerts.md), admin only, not stored (only their silences and states are).
// Each measures one thing over the window [t − TALLY_ALERTS_PIPELINE_WINDOW_SECONDS, t) and fires
// at or above its threshold. Store-backed measures (quarantine, schema drift, jobs, sinks) see
// every process's work; metric-backed ones (ingest lag, error rate, dead letters, slot lag, slow
// queries) see this process's — docs/prometheus/alerts.yml covers a fleet.

import type { Registry } from 'prom-client';
import type { PipelineThresholds } from '../config/index.ts';
import { toEngineTime, type StoreConnection } from '../store/index.ts';
import type { SlowQueryLog } from './slow-queries.ts';

export interface PipelineMeasure {
  readonly value: number;
  readonly message: string;
  /** the measure is known to exceed any threshold (a p99 beyond the histogram's last bucket) */
  readonly beyondRange?: boolean;
}

export interface PipelineRule {
  readonly name: string;
  readonly description: string;
  readonly threshold: number;
  readonly unit: string;
  /** the env variable that sets the threshold */
  readonly variable: string;
  measure(fromMs: number, toMs: number): Promise<PipelineMeasure>;
}

export const PIPELINE_RULE_NAMES = ['ingest_lag', 'pipeline_error_rate', 'dead_letter_growth', 'quarantine_spike', 'schema_drift', 'job_failures', 'sink_failures', 'cdc_slot_lag', 'slow_queries'] as const;
export type PipelineRuleName = (typeof PIPELINE_RULE_NAMES)[number];

export const pipelineAlertId = (name: string) => `pipeline:${name}`;

interface Sample {
  readonly value: number;
  readonly labels: Readonly<Record<string, string | number>>;
  readonly metricName?: string;
}

async function samples(registry: Registry, name: string): Promise<Sample[]> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return [];
  return (await metric.get()).values as Sample[];
}

/** counters and histogram buckets are cumulative: the rules read what changed since their last look */
function createDeltas(registry: Registry) {
  const last = new Map<string, number>();
  return async function delta(key: string, name: string, pick: (s: Sample) => boolean = () => true): Promise<number> {
    const now = (await samples(registry, name)).filter(pick).reduce((n, s) => n + s.value, 0);
    const before = last.get(key);
    last.set(key, now);
    return before === undefined ? 0 : Math.max(0, now - before);
  };
}

export interface PipelineRuleParts {
  readonly store: StoreConnection;
  readonly registry: Registry;
  readonly slowQueries: SlowQueryLog;
  readonly thresholds: PipelineThresholds;
}

export function pipelineRules(parts: PipelineRuleParts): PipelineRule[] {
  const { store, registry, slowQueries, thresholds: t } = parts;
  const delta = createDeltas(registry);
  const range = (fromMs: number, toMs: number) => ({ from: toEngineTime(fromMs), to: toEngineTime(toMs) });
  const count = async (sql: string, fromMs: number, toMs: number) => Number((await store.query<{ n: number }>(sql, range(fromMs, toMs)))[0]?.n ?? 0);

  return [
    {
      name: 'ingest_lag',
      description: 'p99 receive-to-queryable ingest lag over the window (analytics_ingest_lag_seconds)',
      threshold: t.ingestLagSeconds,
      unit: 's',
      variable: 'TALLY_ALERTS_INGEST_LAG_SECONDS',
      async measure() {
        const bounds = (await samples(registry, 'analytics_ingest_lag_seconds')).filter((s) => s.metricName === 'analytics_ingest_lag_seconds_bucket');
        const les = bounds.map((s) => String(s.labels.le));
        const counts: Array<[number, number]> = [];
        for (const le of les) counts.push([le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le), await delta(`lag:${le}`, 'analytics_ingest_lag_seconds', (s) => s.metricName === 'analytics_ingest_lag_seconds_bucket' && String(s.labels.le) === le)]);
        counts.sort((a, b) => a[0] - b[0]);
        const total = counts.at(-1)?.[1] ?? 0;
        if (total === 0) return { value: 0, message: 'no ingest in the window' };
        const p99 = counts.find(([, n]) => n >= 0.99 * total)?.[0] ?? Number.POSITIVE_INFINITY;
        if (!Number.isFinite(p99)) {
          // the histogram cannot say how far beyond its last bucket: that counts as above any objective
          const last = counts.at(-2)?.[0] ?? 0;
          return { value: last, beyondRange: true, message: `p99 ingest lag over ${last} s (beyond the histogram) over ${total} requests (objective ${t.ingestLagSeconds} s)` };
        }
        return { value: p99, message: `p99 ingest lag ≤ ${p99} s over ${total} requests (objective ${t.ingestLagSeconds} s)` };
      },
    },
    {
      name: 'pipeline_error_rate',
      description: 'pipeline errors per 100 events consumed over the window (analytics_pipeline_errors_total / analytics_events_consumed_total)',
      threshold: t.errorRatePercent,
      unit: '%',
      variable: 'TALLY_ALERTS_ERROR_RATE_PERCENT',
      async measure() {
        const errors = await delta('errors', 'analytics_pipeline_errors_total');
        const consumed = await delta('consumed', 'analytics_events_consumed_total');
        const value = errors === 0 ? 0 : (errors / Math.max(consumed, 1)) * 100;
        return { value, message: `${errors} pipeline errors for ${consumed} events consumed (${value.toFixed(2)}%)` };
      },
    },
    {
      name: 'dead_letter_growth',
      description: 'Kafka messages sent to the dead-letter topic in the window (analytics_kafka_dead_letters_total)',
      threshold: t.deadLetters,
      unit: 'messages',
      variable: 'TALLY_ALERTS_DEAD_LETTERS',
      async measure() {
        const value = await delta('dead', 'analytics_kafka_dead_letters_total');
        return { value, message: `${value} dead letters in the window` };
      },
    },
    {
      name: 'quarantine_spike',
      description: 'events quarantined in the window (quarantined_events)',
      threshold: t.quarantined,
      unit: 'events',
      variable: 'TALLY_ALERTS_QUARANTINE_SPIKE',
      async measure(fromMs, toMs) {
        const value = await count("SELECT count() AS n FROM quarantined_events FINAL WHERE received_at >= {from:DateTime64(3, 'UTC')} AND received_at < {to:DateTime64(3, 'UTC')}", fromMs, toMs);
        return { value, message: `${value} events quarantined in the window` };
      },
    },
    {
      name: 'schema_drift',
      description: "event names outside the app's tracking plan stored in the window (apps with a plan), plus schema mismatches (analytics_schema_mismatches_total)",
      threshold: t.schemaDrift,
      unit: 'names',
      variable: 'TALLY_ALERTS_SCHEMA_DRIFT',
      async measure(fromMs, toMs) {
        const rows = await store.query<{ app_id: string; event_name: string }>(
          `SELECT app_id, event_name FROM events
           WHERE app_id IN (SELECT DISTINCT app_id FROM event_schemas)
             AND timestamp >= {from:DateTime64(3, 'UTC')} - INTERVAL 1 DAY
             AND received_at >= {from:DateTime64(3, 'UTC')} AND received_at < {to:DateTime64(3, 'UTC')}
             AND (app_id, event_name) NOT IN (SELECT app_id, event_name FROM event_schemas)
           GROUP BY app_id, event_name ORDER BY app_id, event_name LIMIT 20`,
          range(fromMs, toMs),
        );
        const mismatches = await delta('mismatch', 'analytics_schema_mismatches_total');
        const names = rows.map((r) => `${r.app_id}/${r.event_name}`);
        return { value: rows.length + mismatches, message: `${rows.length} event names outside the tracking plan${names.length ? ` (${names.slice(0, 5).join(', ')})` : ''}, ${mismatches} schema mismatches` };
      },
    },
    {
      name: 'job_failures',
      description: 'job runs failed after their last attempt in the window (job_runs)',
      threshold: t.jobFailures,
      unit: 'runs',
      variable: 'TALLY_ALERTS_JOB_FAILURES',
      async measure(fromMs, toMs) {
        const rows = await store.query<{ job: string; n: number }>(
          "SELECT job, count() AS n FROM job_runs FINAL WHERE status = 'failed' AND finished_at >= {from:DateTime64(3, 'UTC')} AND finished_at < {to:DateTime64(3, 'UTC')} GROUP BY job ORDER BY job",
          range(fromMs, toMs),
        );
        const value = rows.reduce((n, r) => n + Number(r.n), 0);
        return { value, message: `${value} failed job runs${rows.length ? ` (${rows.map((r) => `${r.job}: ${r.n}`).join(', ')})` : ''}` };
      },
    },
    {
      name: 'sink_failures',
      description: 'sink batches failed in the window (warehouse_sync_status)',
      threshold: t.sinkFailures,
      unit: 'batches',
      variable: 'TALLY_ALERTS_SINK_FAILURES',
      async measure(fromMs, toMs) {
        const value = await count(
          "SELECT count() AS n FROM warehouse_sync_status FINAL WHERE status = 'failed' AND finished_at >= {from:DateTime64(3, 'UTC')} AND finished_at < {to:DateTime64(3, 'UTC')}",
          fromMs,
          toMs,
        );
        return { value, message: `${value} failed sink batches in the window` };
      },
    },
    {
      name: 'cdc_slot_lag',
      description: 'change-capture replication slot lag (analytics_cdc_slot_lag_bytes)',
      threshold: t.cdcSlotLagBytes,
      unit: 'bytes',
      variable: 'TALLY_ALERTS_CDC_SLOT_LAG_BYTES',
      async measure() {
        const value = Math.max(0, ...(await samples(registry, 'analytics_cdc_slot_lag_bytes')).map((s) => s.value));
        return { value, message: `replication slot lag ${value} bytes` };
      },
    },
    {
      name: 'slow_queries',
      description: 'questions slower than TALLY_ALERTS_SLOW_QUERY_MS in the window (each over TALLY_SLOW_QUERY_LOG_MS is logged)',
      threshold: 1,
      unit: 'queries',
      variable: 'TALLY_ALERTS_SLOW_QUERY_MS',
      async measure(fromMs, toMs) {
        const slow = slowQueries.between(fromMs, toMs, t.slowQueryMs);
        const worst = slow.reduce<(typeof slow)[number] | undefined>((w, q) => (!w || q.durationMs > w.durationMs ? q : w), undefined);
        return { value: slow.length, message: `${slow.length} queries over ${t.slowQueryMs} ms${worst ? ` (slowest: ${worst.analysis} ${worst.specHash}, ${worst.durationMs} ms)` : ''}` };
      },
    },
  ];
}
