// Prometheus metrics. One registry per Tally instance (no global default registry), so tests and
// several instances in one process never share counters. Seed names are kept:
// analytics_events_consumed_total, analytics_events_inserted_total, analytics_batch_flush_seconds,
// analytics_pipeline_errors_total. /metrics passes `promtool check metrics` clean: only counters
// end in _total.

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { BatcherMetrics, IngestMetrics, QuarantineMetrics, ReplayMetrics } from '../ingest/index.ts';
import type { SchemaMetrics } from '../event/index.ts';

const MISNAMED_DEFAULT_GAUGES = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

export function createMetrics(options: { collectProcessMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (options.collectProcessMetrics) {
    collectDefaultMetrics({ register: registry });
    // prom-client's totals of the by-type gauges are gauges named *_total, which Prometheus reserves
    // for counters; the by-type gauges stay (sum() over them is the total)
    for (const name of MISNAMED_DEFAULT_GAUGES) registry.removeSingleMetric(name);
  }
  const registers = [registry];

  const consumed = new Counter({ name: 'analytics_events_consumed_total', help: 'Events received by ingest (HTTP or Kafka), before validation', registers });
  const inserted = new Counter({ name: 'analytics_events_inserted_total', help: 'Events newly written to the store', registers });
  const duplicates = new Counter({ name: 'analytics_events_duplicate_total', help: 'Events not written because their id was already stored', registers });
  const rejected = new Counter({ name: 'analytics_events_rejected_total', help: 'Events rejected by validation, by reason code', labelNames: ['code'], registers });
  const errors = new Counter({ name: 'analytics_pipeline_errors_total', help: 'Pipeline errors by stage', labelNames: ['stage'], registers });
  const answers = new Counter({ name: 'analytics_answer_cache_total', help: 'Insight and report answers: served from memory (hit), computed (miss), kept (stored)', labelNames: ['outcome'], registers });
  const flushSeconds = new Histogram({
    name: 'analytics_batch_flush_seconds',
    help: 'Time to flush one batch to the store (dedup lookup + insert)',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const batchSize = new Histogram({
    name: 'analytics_batch_size_events',
    help: 'Events per flushed batch',
    buckets: [1, 10, 100, 500, 1000, 5000, 10000, 20000, 50000, 100000],
    registers,
  });
  const lag = new Histogram({
    name: 'analytics_ingest_lag_seconds',
    help: 'Receive-to-queryable lag: from a request entering the queue to its events being committed',
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const queueEvents = new Gauge({ name: 'analytics_ingest_queue_events', help: 'Events waiting in the ingest queue', registers });
  const queueBytes = new Gauge({ name: 'analytics_ingest_queue_bytes', help: 'Encoded bytes waiting in the ingest queue', registers });
  const httpDuration = new Histogram({
    name: 'tally_http_request_duration_seconds',
    help: 'HTTP request duration by route, method and status',
    labelNames: ['route', 'method', 'status'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers,
  });

  // tracking plans: schema mismatches, quarantine and replay
  const schemaMismatches = new Counter({
    name: 'analytics_schema_mismatches_total',
    help: 'Events whose properties failed their registered schema, by app and mode (warn: accepted, enforce: rejected and quarantined)',
    labelNames: ['app_id', 'mode'],
    registers,
  });
  const quarantined = new Counter({ name: 'analytics_events_quarantined_total', help: 'Rejected events kept in quarantine, by reason code', labelNames: ['code'], registers });
  const quarantineDropped = new Counter({ name: 'analytics_quarantine_dropped_total', help: 'Rejected events not kept (quarantine buffer full or its insert failed)', registers });
  const replayed = new Counter({ name: 'analytics_quarantine_replayed_total', help: 'Quarantined events replayed, by outcome (stored, rejected)', labelNames: ['outcome'], registers });
  const schemas: SchemaMetrics = {
    onMismatch(appId, mode) {
      schemaMismatches.inc({ app_id: appId, mode });
    },
  };
  const quarantine: QuarantineMetrics & ReplayMetrics = {
    onQuarantined(code, count) {
      quarantined.inc({ code }, count);
    },
    onDropped(count) {
      quarantineDropped.inc(count);
    },
    onError(stage) {
      errors.inc({ stage });
    },
    onReplayed(outcome, count) {
      if (count > 0) replayed.inc({ outcome }, count);
    },
  };

  const batcher: BatcherMetrics = {
    onFlush(rows, seconds) {
      flushSeconds.observe(seconds);
      batchSize.observe(rows);
    },
    onCommitted(insertedRows, duplicateRows, lagSeconds) {
      inserted.inc(insertedRows);
      if (duplicateRows > 0) duplicates.inc(duplicateRows);
      for (const s of lagSeconds) lag.observe(s);
    },
    onError(stage) {
      errors.inc({ stage });
    },
    onQueue(events, bytes) {
      queueEvents.set(events);
      queueBytes.set(bytes);
    },
  };

  const ingest: IngestMetrics = {
    onReceived(count) {
      consumed.inc(count);
    },
    onRejected(code) {
      rejected.inc({ code });
    },
  };

  return {
    registry,
    batcher,
    ingest,
    schemas,
    quarantine,
    pipelineError(stage: string) {
      errors.inc({ stage });
    },
    answerCache(outcome: 'hit' | 'miss' | 'stored') {
      answers.inc({ outcome });
    },
    observeHttp(route: string, method: string, status: number, seconds: number) {
      httpDuration.observe({ route, method, status: String(status) }, seconds);
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
