// `warehouse_sync_status`: one row per export batch, rewritten with a newer version at each state
// change (pending → running → succeeded | failed; `attempts` counts tries). The batch is recorded
// as pending with its range before anything is written to the sink, so a process killed mid-batch
// leaves a record that the next sync resumes with the same range and the same object names.

import { createVersionClock, isoFromEngineTime, toEngineTime, type StoreConnection } from '../store/index.ts';

export type BatchStatus = 'pending' | 'running' | 'succeeded' | 'failed';
export type SyncTrigger = 'schedule' | 'manual';

export interface BatchRecord {
  readonly sinkId: string;
  readonly batchSeq: number;
  readonly appId: string;
  readonly rangeFrom: string;
  readonly rangeTo: string;
  readonly rows: number;
  readonly bytes: number;
  readonly status: BatchStatus;
  readonly attempts: number;
  readonly error: string;
  readonly trigger: SyncTrigger;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

interface Row {
  sink_id: string;
  batch_seq: number;
  app_id: string;
  range_from: string;
  range_to: string;
  rows: number;
  bytes: number;
  status: BatchStatus;
  attempts: number;
  error: string;
  trigger: SyncTrigger;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

const fromRow = (r: Row): BatchRecord => ({
  sinkId: r.sink_id,
  batchSeq: r.batch_seq,
  appId: r.app_id,
  rangeFrom: r.range_from,
  rangeTo: r.range_to,
  rows: r.rows,
  bytes: r.bytes,
  status: r.status,
  attempts: r.attempts,
  error: r.error,
  trigger: r.trigger,
  createdAt: isoFromEngineTime(r.created_at),
  startedAt: r.started_at === null ? null : isoFromEngineTime(r.started_at),
  finishedAt: r.finished_at === null ? null : isoFromEngineTime(r.finished_at),
});

const engineTime = (iso: string | null) => (iso === null ? null : toEngineTime(Date.parse(iso)));

export function createSyncStatusStore(store: StoreConnection, now: () => number = Date.now) {
  const nextVersion = createVersionClock(now);
  const select = 'SELECT sink_id, batch_seq, app_id, range_from, range_to, rows, bytes, status, attempts, error, trigger, created_at, started_at, finished_at FROM warehouse_sync_status FINAL';

  return {
    now,
    async save(b: BatchRecord): Promise<void> {
      const row = {
        sink_id: b.sinkId,
        batch_seq: b.batchSeq,
        app_id: b.appId,
        range_from: b.rangeFrom,
        range_to: b.rangeTo,
        rows: b.rows,
        bytes: b.bytes,
        status: b.status,
        attempts: b.attempts,
        error: b.error.slice(0, 1000),
        trigger: b.trigger,
        created_at: engineTime(b.createdAt),
        started_at: engineTime(b.startedAt),
        finished_at: engineTime(b.finishedAt),
        version: nextVersion(),
      };
      await store.insertJsonEachRow('warehouse_sync_status', Buffer.from(JSON.stringify(row) + '\n'));
    },
    /** the newest batch of a sink */
    async last(sinkId: string): Promise<BatchRecord | undefined> {
      const rows = await store.query<Row>(`${select} WHERE sink_id = {id:String} ORDER BY batch_seq DESC LIMIT 1`, { id: sinkId });
      return rows[0] ? fromRow(rows[0]) : undefined;
    },
    /** the newest succeeded batch (its range_to is the cursor) */
    async lastSucceeded(sinkId: string): Promise<BatchRecord | undefined> {
      const rows = await store.query<Row>(`${select} WHERE sink_id = {id:String} AND status = 'succeeded' ORDER BY batch_seq DESC LIMIT 1`, { id: sinkId });
      return rows[0] ? fromRow(rows[0]) : undefined;
    },
    /** newest first; `failedOnly`: batches that failed or needed more than one attempt */
    async list(sinkId: string, options: { limit: number; failedOnly?: boolean }): Promise<BatchRecord[]> {
      const where = options.failedOnly ? " AND (status = 'failed' OR error != '')" : '';
      const rows = await store.query<Row>(`${select} WHERE sink_id = {id:String}${where} ORDER BY batch_seq DESC LIMIT {limit:UInt32}`, { id: sinkId, limit: options.limit });
      return rows.map(fromRow);
    },
    async counts(sinkId: string): Promise<Record<BatchStatus, number>> {
      const rows = await store.query<{ status: BatchStatus; n: number }>(`SELECT status, count() AS n FROM warehouse_sync_status FINAL WHERE sink_id = {id:String} GROUP BY status`, { id: sinkId });
      const out: Record<BatchStatus, number> = { pending: 0, running: 0, succeeded: 0, failed: 0 };
      for (const r of rows) out[r.status] = r.n;
      return out;
    },
    iso: (ms: number) => new Date(ms).toISOString(),
  };
}

export type SyncStatusStore = ReturnType<typeof createSyncStatusStore>;
