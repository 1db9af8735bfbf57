// Prometheus metrics of Postgres change capture (docs/cdc.md), registered on the instance's
// registry: rows captured and what became of them, truncates, acknowledged positions, and how far
// the slot lags (bytes of WAL and seconds) with the WAL bound the operator set.

import { Counter, Gauge, type Registry } from 'prom-client';
import { perRegistry } from './per-registry.ts';

export const createCdcMetrics: (registry: Registry) => CdcMetrics = perRegistry((registry) => build(registry));

function build(registry: Registry) {
  const registers = [registry];
  const rows = new Counter({ name: 'analytics_cdc_rows_total', help: 'Captured rows by table, kind (snapshot, insert, update, delete) and outcome (stored, duplicate, quarantined, ignored)', labelNames: ['table', 'kind', 'outcome'], registers });
  const truncates = new Counter({ name: 'analytics_cdc_truncates_total', help: 'TRUNCATE of a captured table (logged; the stored events stay)', labelNames: ['table'], registers });
  const acks = new Counter({ name: 'analytics_cdc_acknowledged_total', help: 'Positions confirmed to the slot after the store acknowledged the rows before them', registers });
  const retries = new Counter({ name: 'analytics_cdc_retries_total', help: 'Reconnects and store retries, by stage (connect, stream, store)', labelNames: ['stage'], registers });
  const lagBytes = new Gauge({ name: 'analytics_cdc_slot_lag_bytes', help: 'WAL written since the position the slot confirmed (bytes)', labelNames: ['slot'], registers });
  const retainedBytes = new Gauge({ name: 'analytics_cdc_slot_retained_wal_bytes', help: 'WAL the slot keeps PostgreSQL from recycling (bytes)', labelNames: ['slot'], registers });
  const lagSeconds = new Gauge({ name: 'analytics_cdc_slot_lag_seconds', help: 'Age of the oldest committed transaction not yet confirmed (seconds; 0 when caught up)', labelNames: ['slot'], registers });
  const overBound = new Gauge({ name: 'analytics_cdc_slot_over_bound', help: '1 while the slot holds more WAL than TALLY_CDC_MAX_SLOT_WAL_BYTES', labelNames: ['slot'], registers });
  const overBoundTotal = new Counter({ name: 'analytics_cdc_slot_over_bound_total', help: 'Times the slot crossed TALLY_CDC_MAX_SLOT_WAL_BYTES', labelNames: ['slot'], registers });
  return {
    onRows: (table: string, kind: string, outcome: string, n: number) => n > 0 && rows.inc({ table, kind, outcome }, n),
    onTruncate: (table: string) => truncates.inc({ table }),
    onAcknowledged: () => acks.inc(),
    onRetry: (stage: string) => retries.inc({ stage }),
    onLag: (slot: string, lag: { bytes: number; retainedBytes: number; seconds: number; overBound: boolean; crossed: boolean }) => {
      lagBytes.set({ slot }, lag.bytes);
      retainedBytes.set({ slot }, lag.retainedBytes);
      lagSeconds.set({ slot }, lag.seconds);
      overBound.set({ slot }, lag.overBound ? 1 : 0);
      if (lag.crossed) overBoundTotal.inc({ slot });
    },
  };
}

export type CdcMetrics = ReturnType<typeof build>;
