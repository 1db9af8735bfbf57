// The embedded transport: the ClickHouse engine in this process through chDB, on one data
// directory. The engine binds one directory per process, so one Tally process owns it (see
// lock.ts). Results come back as bytes and are parsed once here.
//
// One engine session runs one statement at a time, but several sessions on the same directory run
// at once and see each other's writes immediately. So the connection holds lanes, each one session
// with its own queue: inserts have a lane of their own and never wait behind a query, and the
// batcher's id lookups another (so the next flush's lookup runs while this flush inserts); queries share a few lanes and take the least busy; `lane('isolated')` opens
// a private lane for untrusted SQL.
//
// A lane never runs a statement on a session that has failed: a statement that fails after its
// result has started to stream (a runtime error, a result-size limit) leaves the rest of that
// result in the session, and the next statement would receive it — another tenant's answer. After
// any error the lane closes its session and opens a fresh one (well under a millisecond), so
// nothing outlives the statement that failed. Statements are timed out by the engine
// (max_execution_time), never by abandoning them, so a lane is idle when its promise settles.
//
// Inserts hand the engine a file, not the statement's own data: the rows are written to a spool
// file beside the data and loaded with `INSERT … SELECT * FROM file(…)`. The engine parses a file
// on all cores and with less CPU than rows inline in an `INSERT … FORMAT JSONEachRow`: on Tally's
// rows, 1.5× the insert rate into `events` (bench/storage/insert-path.ts). Columns left out still
// take their defaults. Long lists a query reads (the ids a flush looks up) go the same way: a lookup
// of 20,000 ids takes 25–48 ms from a file against 128 ms bound as a parameter (bench/storage/id-lookup.ts).

import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { open, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Session } from 'chdb';
import { inlineParams } from './inline-params.ts';
import { StoreError, settingsClause, valuesAsParameter, type InsertResult, type LaneKind, type QueryOptions, type QueryParams, type StoreConnection, type ValueList } from './connection.ts';
import { PropertyColumns } from './property-columns.ts';

interface ChdbLikeError {
  message: string;
  clickhouseCode?: number;
}

function wrap(err: unknown): StoreError {
  const e = err as ChdbLikeError;
  const code = typeof e?.clickhouseCode === 'number' ? e.clickhouseCode : undefined;
  return new StoreError(String(e?.message ?? err), code, err);
}

function parseRows<T>(text: string): T[] {
  if (text.length === 0) return [];
  const rows: T[] = [];
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    if (end > start) rows.push(JSON.parse(text.slice(start, end)) as T);
    start = end + 1;
  }
  return rows;
}

// placeholders are bound as literals (inline-params.ts), so a statement's text holds its values:
// the batcher's id lookups carry up to 20,000 ids
const CONNECTION_ARGS = ['--output_format_json_quote_64bit_integers=0', '--date_time_output_format=iso', '--max_query_size=67108864'];

export interface EmbeddedOptions {
  /** sessions that share queries (default 2: one per core on the reference machine) */
  readonly querySessions?: number;
  /** engine time limit of a query (not a command or insert) that names none, in ms (default 0: none) */
  readonly defaultQueryTimeoutMs?: number;
  /** called when a lane replaces its session after an error (metrics) */
  readonly onRecycle?: (lane: string) => void;
}

/** One session and the queue in front of it. */
interface Lane {
  readonly name: string;
  /** statements queued or running */
  pending: number;
  run<T>(work: (session: Session) => Promise<T>): Promise<T>;
  /** refuses new statements; the session closes once the ones already queued have settled */
  close(): Promise<void>;
}

function openLane(dir: string, name: string, timeoutMs: number, onRecycle?: (lane: string) => void): Lane {
  const args = timeoutMs > 0 ? [...CONNECTION_ARGS, `--max_execution_time=${timeoutMs / 1000}`, '--timeout_overflow_mode=throw'] : CONNECTION_ARGS;
  let session = new Session(dir, { connectionArgs: args });
  let tail: Promise<unknown> = Promise.resolve();
  let closed = false;

  function recycle(): void {
    try {
      session.close();
    } catch {
      // a session that cannot close cleanly is dropped all the same
    }
    session = new Session(dir, { connectionArgs: args });
    onRecycle?.(name);
  }

  const lane: Lane = {
    name,
    pending: 0,
    run<T>(work: (s: Session) => Promise<T>): Promise<T> {
      if (closed) return Promise.reject(new StoreError('the store is closed', undefined));
      lane.pending++;
      const result = tail.then(async () => {
        try {
          return await work(session);
        } catch (err) {
          if (!closed) recycle();
          throw wrap(err);
        } finally {
          lane.pending--;
        }
      });
      tail = result.catch(() => {});
      return result;
    },
    // a session is never closed under a running statement: the engine would free what the
    // statement still uses
    close(): Promise<void> {
      closed = true;
      return tail.then(() => {
        try {
          session.close();
        } catch {
          // a session that cannot close cleanly is dropped all the same
        }
      });
    },
  };
  return lane;
}

/** a statement's own limit (`timeoutMs`) as engine settings; none named, the lane's default holds */
function withTimeout(options: QueryOptions): QueryOptions['settings'] {
  if (!options.timeoutMs || options.settings?.max_execution_time !== undefined) return options.settings;
  return { ...options.settings, max_execution_time: Math.max(0.001, options.timeoutMs / 1000), timeout_overflow_mode: 'throw' };
}

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;
// characters file() reads as a glob or that would need quoting: a spool under such a path is not used
const PLAIN_PATH = /^[A-Za-z0-9_\-./]+$/;

/** Where a connection's inserts are spooled: `<dir>/user_files/insert-spool`. Files an earlier process left are removed. */
function openSpool(dir: string): string | undefined {
  const spool = path.resolve(dir, 'user_files', 'insert-spool');
  if (!PLAIN_PATH.test(spool)) return undefined;
  mkdirSync(spool, { recursive: true });
  for (const f of readdirSync(spool)) if (!f.startsWith(`${process.pid}-`)) rmSync(path.join(spool, f), { force: true });
  return spool;
}

let spoolSeq = 0;

/** non-empty lines: the rows of a JSONEachRow payload */
function lineCount(rows: Buffer): number {
  let n = 0;
  let start = 0;
  while (start < rows.length) {
    let end = rows.indexOf(10, start);
    if (end === -1) end = rows.length;
    if (end > start) n++;
    start = end + 1;
  }
  return n;
}

/**
 * Writes `data` to a new file in as few writes as the system takes (one, for a file in the page
 * cache). `fs/promises.writeFile` writes in 512 KiB pieces, each one waiting for a turn of the
 * event loop: on a busy loop a 7 MB spool file took 1.4 s to write that way, and the insert with it.
 */
async function writeWhole(file: string, data: Buffer): Promise<void> {
  const handle = await open(file, 'w');
  try {
    let done = 0;
    while (done < data.length) done += (await handle.write(data, done, data.length - done)).bytesWritten;
  } finally {
    await handle.close();
  }
}

/** Runs `use` with `data` in a new spool file (its path), removed afterwards whatever happens. */
async function withSpoolFile<T>(spool: string, extension: string, data: Buffer, use: (file: string) => Promise<T>): Promise<T> {
  const file = path.join(spool, `${process.pid}-${++spoolSeq}.${extension}`);
  await writeWhole(file, data);
  try {
    return await use(file);
  } finally {
    await unlink(file).catch(() => {});
  }
}

/** Inserts JSONEachRow rows: through a spool file when there is one, else inline. */
async function insertRows(s: Session, spool: string | undefined, table: string, rows: Buffer, settings: QueryOptions['settings']): Promise<InsertResult> {
  if (!TABLE_NAME.test(table)) throw new StoreError(`not a table name: ${JSON.stringify(table)}`, undefined);
  if (spool === undefined || rows.length === 0) {
    const summary = await s.insert({ table, values: rows, format: 'JSONEachRow', settings: settings as Record<string, string | number> | undefined });
    return { rowsWritten: summary.rowsSent ?? summary.rowsWritten };
  }
  await withSpoolFile(spool, 'jsonl', rows, (file) => s.queryAsync(`INSERT INTO ${table} SELECT * FROM file('${file}', JSONEachRow)${settingsClause(settings)}`, { format: 'TSV' }));
  return { rowsWritten: lineCount(rows) };
}

/** a value in TabSeparated's escaped form */
function tsvField(value: string): string {
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : value;
}

function laneConnection(propertyColumns: PropertyColumns, pick: () => Lane, pickCommand: () => Lane, closeAll: () => Promise<void>, spool?: string): StoreConnection {
  const conn: StoreConnection = {
    kind: 'embedded',
    propertyColumns,
    query<T>(sql: string, params: QueryParams = {}, options: QueryOptions = {}): Promise<T[]> {
      const full = sql + settingsClause(withTimeout(options));
      return pick().run(async (s) => parseRows<T>((await s.queryAsync(inlineParams(full, params), { format: 'JSONEachRow' })).text()));
    },
    // the list is written to a spool file the statement reads (TabSeparated, one value a line)
    async queryWithValues<T>(list: ValueList, sql: (table: string) => string, params: QueryParams = {}, options: QueryOptions = {}): Promise<T[]> {
      if (spool === undefined) {
        const bound = valuesAsParameter(list, params);
        return conn.query<T>(sql(bound.table), bound.params, options);
      }
      const data = Buffer.from(list.values.length === 0 ? '' : `${list.values.map(tsvField).join('\n')}\n`);
      return withSpoolFile(spool, 'tsv', data, (file) => conn.query<T>(sql(`file('${file}', TabSeparated, 'value ${list.type}')`), params, options));
    },
    async command(sql: string, params: QueryParams = {}, options: QueryOptions = {}): Promise<void> {
      const full = sql + settingsClause(withTimeout(options));
      await pickCommand().run((s) => s.queryAsync(inlineParams(full, params), { format: 'TSV' }));
    },
    insertJsonEachRow(table: string, rows: Buffer, options: QueryOptions = {}): Promise<InsertResult> {
      return pick().run((s) => insertRows(s, spool, table, rows, options.settings));
    },
    lane(): StoreConnection {
      return conn;
    },
    close(): Promise<void> {
      return closeAll();
    },
  };
  return conn;
}

export function createEmbeddedConnection(dir: string, options: EmbeddedOptions = {}): StoreConnection {
  mkdirSync(dir, { recursive: true });
  const timeoutMs = options.defaultQueryTimeoutMs ?? 0;
  const ingest = openLane(dir, 'ingest', 0, options.onRecycle);
  const lookup = openLane(dir, 'lookup', 0, options.onRecycle);
  // Tally's own DDL and mutations (an erasure may run long): only a limit they name applies
  const commands = openLane(dir, 'command', 0, options.onRecycle);
  const queries = Array.from({ length: Math.max(1, options.querySessions ?? 2) }, (_, i) => openLane(dir, `query-${i}`, timeoutMs, options.onRecycle));
  const isolated = new Set<Lane>();

  const leastBusy = (): Lane => queries.reduce((best, l) => (l.pending < best.pending ? l : best));
  const closeAll = async () => {
    await Promise.all([...isolated, ...queries, commands, lookup, ingest].map((l) => l.close()));
  };

  const propertyColumns = new PropertyColumns();
  const spool = openSpool(dir);
  const main = laneConnection(propertyColumns, leastBusy, () => commands, closeAll, spool);
  // the ingest connection: inserts and commands on the ingest lane, its queries (the batcher's id lookups) on the lookup lane
  const ingestConn = laneConnection(propertyColumns, () => lookup, () => ingest, closeAll, spool);
  // inserts always take the ingest lane, whichever connection they are called on
  ingestConn.insertJsonEachRow = laneConnection(propertyColumns, () => ingest, () => ingest, closeAll, spool).insertJsonEachRow;
  main.insertJsonEachRow = ingestConn.insertJsonEachRow;
  main.lane = (kind: LaneKind): StoreConnection => {
    if (kind === 'ingest') return { ...ingestConn, close: async () => {} };
    const lane = openLane(dir, 'isolated', timeoutMs, options.onRecycle);
    isolated.add(lane);
    return laneConnection(propertyColumns, () => lane, () => lane, () => {
      isolated.delete(lane);
      return lane.close();
    });
  };
  return main;
}
