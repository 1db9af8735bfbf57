// Export metrics on the instance's Prometheus registry: rows and bytes exported, batches by final
// status, failed attempts, and — computed when scraped — each sink's export lag (seconds since the
// oldest event not yet exported was stored; 0 when it is caught up) and whether its newest batch
// has failed (it then waits for a manual sync).

import { Counter, Gauge, type Registry } from 'prom-client';

export interface SinkMetrics {
  onBatch(sinkId: string, kind: string, status: 'succeeded' | 'failed', rows: number, bytes: number): void;
  onAttemptFailed(sinkId: string, kind: string): void;
  /** the scrape-time gauges read these */
  setSource(source: () => Promise<ReadonlyArray<{ sinkId: string; kind: string; lagSeconds: number; failed: boolean }>>): void;
}

const built = new WeakMap<Registry, SinkMetrics>();

/** the sink metrics of a registry, created once (prom-client refuses a name registered twice) */
export function sinkMetricsFor(registry: Registry): SinkMetrics {
  let m = built.get(registry);
  if (!m) {
    m = createSinkMetrics(registry);
    built.set(registry, m);
  }
  return m;
}

function createSinkMetrics(registry: Registry): SinkMetrics {
  const registers = [registry];
  const labelNames = ['sink_id', 'kind'];
  let source: Parameters<SinkMetrics['setSource']>[0] = async () => [];
  const rows = new Counter({ name: 'tally_sink_rows_exported_total', help: 'Rows written to sinks, by sink', labelNames, registers });
  const bytes = new Counter({ name: 'tally_sink_bytes_exported_total', help: 'Bytes written to file and object sinks (Parquet), by sink', labelNames, registers });
  const batches = new Counter({ name: 'tally_sink_batches_total', help: 'Export batches finished, by sink and final status (succeeded, failed)', labelNames: [...labelNames, 'status'], registers });
  const attempts = new Counter({ name: 'tally_sink_attempt_failures_total', help: 'Failed export attempts (each retry counts), by sink', labelNames, registers });
  let snapshot: Promise<ReadonlyArray<{ sinkId: string; kind: string; lagSeconds: number; failed: boolean }>> | undefined;
  const read = () => {
    // one read of the sinks serves both gauges of a scrape
    snapshot ??= source()
      .catch(() => [])
      .finally(() => setTimeout(() => (snapshot = undefined), 100));
    return snapshot;
  };
  new Gauge({
    name: 'tally_sink_export_lag_seconds',
    help: 'Seconds since the oldest event a sink has not exported yet was stored (0 when caught up), by sink',
    labelNames,
    registers,
    async collect() {
      this.reset();
      for (const s of await read()) this.set({ sink_id: s.sinkId, kind: s.kind }, s.lagSeconds);
    },
  });
  new Gauge({
    name: 'tally_sink_failed',
    help: '1 when the newest batch of a sink failed after its retries (a manual sync retries it), by sink',
    labelNames,
    registers,
    async collect() {
      this.reset();
      for (const s of await read()) this.set({ sink_id: s.sinkId, kind: s.kind }, s.failed ? 1 : 0);
    },
  });
  return {
    onBatch(sinkId, kind, status, r, b) {
      batches.inc({ sink_id: sinkId, kind, status });
      if (status === 'succeeded') {
        rows.inc({ sink_id: sinkId, kind }, r);
        bytes.inc({ sink_id: sinkId, kind }, b);
      }
    },
    onAttemptFailed(sinkId, kind) {
      attempts.inc({ sink_id: sinkId, kind });
    },
    setSource(fn) {
      source = fn;
    },
  };
}
