// The initial snapshot: the rows that existed when the slot was created, read page by page in key
// order and stored through the same sink as the stream. The first run reads inside the snapshot the
// slot exported (SET TRANSACTION SNAPSHOT), so snapshot and stream meet exactly at the slot's
// consistent point: every row committed before it is read here, every change after it arrives on
// the stream. A run interrupted part-way resumes after the last stored page, reading current data
// (the exported snapshot dies with its connection): a row seen both here and on the stream has one
// event id (table + key) and is stored once. Progress is saved only after a page, and every page
// before it, is stored; saves are coalesced and never hold up reading (a save waits behind the
// store's inserts, and the next page need not: only the newest stored page's progress matters).
// The session runs in UTC and a timestamptz is read as the ISO text of its instant, the form the
// stream gives (pgoutput.ts), without a Date in between.

import pg from 'pg';
import type { CdcConfig, TableMapping } from '../../config/index.ts';
import type { SnapshotProgress, TableProgress } from './progress.ts';
import { quoteIdent, type TableInfo } from './setup.ts';
import type { CapturedChange } from './mapping.ts';
import { TIMESTAMPTZ_OID, utcTimestamptzIso } from './pgoutput.ts';

/** pg's own parsers, except a UTC timestamptz: its ISO text (any other form as pg reads it) */
const snapshotTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    const parse = pg.types.getTypeParser(oid, format ?? 'text');
    if (oid !== TIMESTAMPTZ_OID || format === 'binary') return parse;
    return (text: string) => utcTimestamptzIso(text) ?? parse(text);
  },
};

/** progress saves one at a time, in order, each replaced by a newer one while it waits */
function coalescedSaves(progress: SnapshotProgress, source: string) {
  let latest: TableProgress | undefined;
  let chain: Promise<void> = Promise.resolve();
  let running = false;
  const drain = async () => {
    running = true;
    try {
      while (latest) {
        const at = latest;
        latest = undefined;
        await progress.save(source, at);
      }
    } finally {
      running = false;
    }
  };
  return {
    /** saves `at` after the saves before it (or instead of one still waiting) */
    save(at: TableProgress): void {
      latest = at;
      if (!running) {
        chain = drain();
        chain.catch(() => {}); // awaited by flush
      }
    },
    /** resolves once every requested save is written; rejects with a save's failure */
    async flush(): Promise<void> {
      await chain;
      if (latest) {
        chain = drain();
        await chain;
      }
    },
  };
}

export interface SnapshotPage {
  readonly table: TableMapping;
  readonly changes: readonly CapturedChange[];
}

export interface SnapshotOptions {
  readonly config: CdcConfig;
  readonly tables: ReadonlyMap<string, TableInfo>;
  readonly progress: SnapshotProgress;
  /** stores a page durably (retrying as it must); resolves after the store acknowledged it */
  readonly deliver: (page: SnapshotPage) => Promise<void>;
  /** the exported snapshot of a slot created just now, or undefined when resuming */
  readonly snapshotName?: string;
  /** the LSN recorded on snapshot rows (the slot's consistent point) */
  readonly lsn: string;
  /** rows read per page (default 2000: smaller pages keep the pipeline and the store evenly busy; 10000 stored about 15% fewer rows a second) */
  readonly pageRows?: number;
  /** pages being stored while the next ones are read (default 3); progress is still saved in order */
  readonly pagesInFlight?: number;
  readonly onTable?: (source: string, rows: number) => void;
  readonly isStopped?: () => boolean;
}

/** Reads every mapped table not yet done; returns the rows stored by this run. */
export async function runSnapshot(options: SnapshotOptions): Promise<number> {
  const { config, tables, progress } = options;
  const pageRows = options.pageRows ?? 2000;
  const pagesInFlight = options.pagesInFlight ?? 3;
  const client = new pg.Client({ connectionString: config.url, options: '-c TimeZone=UTC', types: snapshotTypes });
  client.on('error', () => {});
  await client.connect();
  let stored = 0;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    if (options.snapshotName) await client.query(`SET TRANSACTION SNAPSHOT '${options.snapshotName.replace(/[^A-Za-z0-9-]/g, '')}'`);
    for (const table of config.tables) {
      const info = tables.get(table.source);
      if (!info) continue;
      let state: TableProgress = (await progress.get(table.source)) ?? { lastKey: undefined, done: false, rows: 0 };
      if (state.done) continue;
      // pages stored in read order (`stored` counts a page once it and every page before it is);
      // each such page's progress is then saved
      let storedThrough: Promise<void> = Promise.resolve();
      const saves = coalescedSaves(progress, table.source);
      const inFlight: Promise<void>[] = [];
      const keys = info.keyColumns.map(quoteIdent).join(', ');
      const from = `${quoteIdent(table.schema)}.${quoteIdent(table.table)}`;
      for (;;) {
        if (options.isStopped?.()) {
          await storedThrough;
          await saves.flush();
          return stored;
        }
        const after = state.lastKey;
        const where = after ? `WHERE (${keys}) > (${after.map((_, i) => `$${i + 1}`).join(', ')})` : '';
        const { rows } = await client.query<Record<string, unknown>>(`SELECT * FROM ${from} ${where} ORDER BY ${keys} LIMIT ${pageRows}`, after ? [...after] : []);
        if (rows.length > 0) {
          const last = rows[rows.length - 1];
          state = { lastKey: info.keyColumns.map((c) => keyText(last[c])), done: rows.length < pageRows, rows: state.rows + rows.length };
          const delivered = options.deliver({ table, changes: rows.map((row) => ({ kind: 'insert' as const, row, lsn: options.lsn })) });
          const at = state;
          const n = rows.length;
          storedThrough = Promise.all([storedThrough, delivered]).then(() => {
            stored += n;
            saves.save(at);
          });
          storedThrough.catch(() => {}); // awaited below; marked handled in case the run ends early
          inFlight.push(storedThrough);
          if (inFlight.length >= pagesInFlight) await inFlight.shift();
        } else {
          state = { ...state, done: true };
          const at = state;
          storedThrough = storedThrough.then(() => saves.save(at));
        }
        if (state.done) {
          await storedThrough;
          await saves.flush();
          options.onTable?.(table.source, state.rows);
          break;
        }
      }
    }
    await client.query('COMMIT');
    return stored;
  } finally {
    await client.end().catch(() => {});
  }
}

function keyText(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return String(value);
}
