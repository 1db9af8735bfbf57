// Where the initial snapshot stands, per slot and table, kept in the store (the sink of the rows),
// so an interrupted snapshot resumes after the last page stored instead of starting over. A page's
// progress is written only after its rows were stored.

import type { StoreConnection } from '../../store/index.ts';

export const PROGRESS_TABLE = 'cdc_snapshot_progress';

export interface TableProgress {
  /** the last stored key (the key columns' values as text), or undefined before the first page */
  readonly lastKey: readonly string[] | undefined;
  readonly done: boolean;
  readonly rows: number;
}

export interface SnapshotProgress {
  get(source: string): Promise<TableProgress | undefined>;
  save(source: string, progress: TableProgress): Promise<void>;
  /** forgets the slot's progress (a new slot starts a new snapshot) */
  reset(): Promise<void>;
}

export async function createSnapshotProgress(store: StoreConnection, slot: string): Promise<SnapshotProgress> {
  await store.command(
    `CREATE TABLE IF NOT EXISTS ${PROGRESS_TABLE} (slot String, source String, last_key String, done UInt8, rows UInt64, deleted UInt8 DEFAULT 0, updated_at DateTime64(6, 'UTC'))
     ENGINE = ReplacingMergeTree(updated_at) ORDER BY (slot, source)`,
  );
  // a strictly increasing version, so the last write of a source always wins
  let lastMicros = 0;
  const version = () => {
    lastMicros = Math.max(lastMicros + 1, Date.now() * 1000);
    const ms = Math.floor(lastMicros / 1000);
    return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}.${String(lastMicros % 1_000_000).padStart(6, '0')}`;
  };
  const write = async (source: string, p: TableProgress, deleted = 0) => {
    const row = { slot, source, last_key: p.lastKey ? JSON.stringify(p.lastKey) : '', done: p.done ? 1 : 0, rows: p.rows, deleted, updated_at: version() };
    await store.insertJsonEachRow(PROGRESS_TABLE, Buffer.from(JSON.stringify(row) + '\n'));
  };
  return {
    async get(source) {
      const rows = await store.query<{ last_key: string; done: number; rows: number | string; deleted: number }>(
        `SELECT last_key, done, rows, deleted FROM ${PROGRESS_TABLE} FINAL WHERE slot = {slot:String} AND source = {source:String}`,
        { slot, source },
      );
      const r = rows[0];
      if (!r || Number(r.deleted) === 1) return undefined;
      return { lastKey: r.last_key ? (JSON.parse(r.last_key) as string[]) : undefined, done: Number(r.done) === 1, rows: Number(r.rows) };
    },
    async save(source, progress) {
      await write(source, progress);
    },
    async reset() {
      const rows = await store.query<{ source: string }>(`SELECT DISTINCT source FROM ${PROGRESS_TABLE} WHERE slot = {slot:String}`, { slot });
      for (const r of rows) await write(r.source, { lastKey: undefined, done: false, rows: 0 }, 1);
    },
  };
}
