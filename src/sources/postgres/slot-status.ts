// Where a capture that runs in another process stands (`tally cdc` beside a `tally serve` with a
// server store, or a capture stopped for now), read from PostgreSQL itself: the slot's state, the
// position it confirmed, its lag and the WAL it holds. What only the capturing process knows (rows
// stored, truncates, commit-time lag) is null here.

import type { CdcConfig } from '../../config/index.ts';
import type { CaptureStatus } from './capture.ts';
import { withPgClient } from './pg-client.ts';

/** a status request must answer even when PostgreSQL does not */
const CONNECT_TIMEOUT_MS = 3000;

interface SlotRow {
  active: boolean;
  confirmed: string | null;
  lag: string | null;
  retained: string | null;
}

export async function readSlotStatus(config: CdcConfig): Promise<CaptureStatus> {
  const base = {
    kind: 'postgres' as const,
    runs_in: 'another_process' as const,
    slot: config.slot,
    publication: config.publication,
    tables: config.tables.map((t) => t.source),
    lag_seconds: null,
    rows: null,
    truncates: null,
  };
  let row: SlotRow | undefined;
  try {
    row = await withPgClient(
      config.url,
      async (c) =>
        (
          await c.query<SlotRow>(
            `SELECT active, confirmed_flush_lsn::text AS confirmed, pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::text AS lag,
                    pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::text AS retained
             FROM pg_replication_slots WHERE slot_name = $1`,
            [config.slot],
          )
        ).rows[0],
      { connectionTimeoutMillis: CONNECT_TIMEOUT_MS },
    );
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { ...base, state: 'unknown', confirmed_lsn: null, lag_bytes: null, retained_wal_bytes: null, over_wal_bound: false, last_error: `PostgreSQL did not answer: ${reason}` };
  }
  if (!row) {
    return { ...base, state: 'stopped', confirmed_lsn: null, lag_bytes: null, retained_wal_bytes: null, over_wal_bound: false, last_error: `slot ${config.slot} does not exist: no capture has started (tally cdc creates it)` };
  }
  const retained = row.retained === null ? null : Math.max(0, Number(row.retained));
  return {
    ...base,
    state: row.active ? 'streaming' : 'stopped',
    confirmed_lsn: row.confirmed,
    lag_bytes: row.lag === null ? null : Math.max(0, Number(row.lag)),
    retained_wal_bytes: retained,
    over_wal_bound: retained !== null && retained > config.maxSlotWalBytes,
    last_error: null,
  };
}
