// What a sink receives: the warehouse row of seed 004 (event_id, event_type, event_category,
// user_id, user_role, user_tenure_days, entity_type, entity_id, event_data, metadata, source,
// timestamp, session_id, geo_location {country, region, city}, device_info {device_type, browser,
// os}, ingested_at), plus app_id and anonymous_id, built by the engine from the `events` columns
// it has. A field the events table does not hold yet (an older schema) is exported as NULL ('{}'
// for metadata), never guessed. Batches are ranges of the arrival order (sink_arrivals): the cursor
// is a (stored_at, event_id) pair, and a batch is every arrival in (from, to].

import type { QueryParams, StoreConnection } from '../store/index.ts';

export interface Cursor {
  /** engine time text of the arrival, 'YYYY-MM-DD HH:MM:SS.mmm' (UTC) */
  readonly storedAt: string;
  readonly eventId: string;
}

export const CURSOR_START: Cursor = { storedAt: '1970-01-01 00:00:00.000', eventId: '00000000-0000-0000-0000-000000000000' };

const CURSOR_RE = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3})\|([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export function encodeCursor(c: Cursor): string {
  return `${c.storedAt}|${c.eventId}`;
}

export function decodeCursor(text: string): Cursor {
  const m = CURSOR_RE.exec(text);
  if (!m) throw new Error(`bad export cursor ${JSON.stringify(text)}`);
  return { storedAt: m[1], eventId: m[2] };
}

/** ISO form of a cursor's arrival time, or null for the start */
export function cursorIso(c: Cursor): string | null {
  return c.storedAt === CURSOR_START.storedAt ? null : `${c.storedAt.replace(' ', 'T')}Z`;
}

/** the export columns, in order, with their engine types (the PostgreSQL and ClickHouse sinks mirror them) */
export const EXPORT_COLUMNS = [
  ['event_id', 'String'],
  ['app_id', 'String'],
  ['event_type', 'String'],
  ['event_category', 'String'],
  ['user_id', 'Nullable(String)'],
  ['anonymous_id', 'Nullable(String)'],
  ['user_role', 'Nullable(String)'],
  ['user_tenure_days', 'Nullable(Int32)'],
  ['entity_type', 'Nullable(String)'],
  ['entity_id', 'Nullable(String)'],
  ['event_data', 'String'],
  ['metadata', 'String'],
  ['source', 'Nullable(String)'],
  ['timestamp', "DateTime64(3, 'UTC')"],
  ['session_id', 'Nullable(String)'],
  ['geo_location', 'Tuple(country Nullable(String), region Nullable(String), city Nullable(String))'],
  ['device_info', 'Tuple(device_type Nullable(String), browser Nullable(String), os Nullable(String))'],
  ['ingested_at', "DateTime64(3, 'UTC')"],
] as const;

export type ExportColumn = (typeof EXPORT_COLUMNS)[number][0];

/** The SELECT list of the export row, from the columns `events` has now. */
export function exportSelectList(eventColumns: ReadonlySet<string>): string {
  const text = (column: string) => (eventColumns.has(column) ? `nullIf(toString(${column}), '')` : 'CAST(NULL AS Nullable(String))');
  const tenure = eventColumns.has('user_tenure_days') ? 'CAST(user_tenure_days AS Nullable(Int32))' : 'CAST(NULL AS Nullable(Int32))';
  const metadata = eventColumns.has('metadata') ? "if(metadata = '', '{}', metadata)" : "'{}'";
  return [
    'toString(event_id) AS event_id',
    'toString(app_id) AS app_id',
    'toString(event_name) AS event_type',
    'toString(category) AS event_category',
    `${text('user_id')} AS user_id`,
    `${text('anonymous_id')} AS anonymous_id`,
    `${text('user_role')} AS user_role`,
    `${tenure} AS user_tenure_days`,
    `${text('entity_type')} AS entity_type`,
    `${text('entity_id')} AS entity_id`,
    'properties AS event_data',
    `${metadata} AS metadata`,
    `${text('source')} AS source`,
    'timestamp',
    `${text('session_id')} AS session_id`,
    `CAST(tuple(${text('country')}, ${text('region')}, ${text('city')}), '${EXPORT_COLUMNS[15][1]}') AS geo_location`,
    `CAST(tuple(${text('device')}, ${text('browser')}, ${text('os')}), '${EXPORT_COLUMNS[16][1]}') AS device_info`,
    'received_at AS ingested_at',
  ].join(',\n  ');
}

export async function eventColumns(store: StoreConnection): Promise<Set<string>> {
  const rows = await store.query<{ name: string }>("SELECT name FROM system.columns WHERE database = currentDatabase() AND table = 'events'");
  return new Set(rows.map((r) => r.name));
}

/** the arrivals of a batch: {app}, {fromT}, {fromId}, {toT}, {toId} */
const RANGE = `app = {app:String}
    AND (stored_at, event_id) > ({fromT:DateTime64(3, 'UTC')}, {fromId:UUID})
    AND (stored_at, event_id) <= ({toT:DateTime64(3, 'UTC')}, {toId:UUID})`;

export function rangeParams(appId: string, from: Cursor, to: Cursor): QueryParams {
  return { app: appId, fromT: from.storedAt, fromId: from.eventId, toT: to.storedAt, toId: to.eventId };
}

/**
 * The batch's rows as a SELECT over `events` (parameters: rangeParams). One row per event id, in
 * event id order, so the same range always gives the same rows in the same order.
 */
export function batchSelect(columns: ReadonlySet<string>): string {
  return `SELECT
  ${exportSelectList(columns)}
FROM events
WHERE app_id = {app:String} AND event_id IN (SELECT event_id FROM sink_arrivals WHERE ${RANGE})
ORDER BY event_id
LIMIT 1 BY event_id`;
}

/** rows per page when a sink reads a batch's rows itself (PostgreSQL, ClickHouse): memory stays bounded */
export const PAGE_ROWS = 20_000;

/**
 * The batch's rows in pages of at most `pageRows`, in event id order (keyset: each page starts
 * after the last id of the one before), so a sink that receives rows holds one page at a time.
 * `event_id` there is the exported text column (the SELECT's alias), so order and keyset agree.
 */
export async function* batchPages(store: StoreConnection, columns: ReadonlySet<string>, appId: string, from: Cursor, to: Cursor, pageRows = PAGE_ROWS): AsyncGenerator<Record<string, unknown>[]> {
  let after: string | undefined;
  for (;;) {
    const sql = `SELECT
  ${exportSelectList(columns)}
FROM events
WHERE app_id = {app:String} AND event_id IN (SELECT event_id FROM sink_arrivals WHERE ${RANGE})${after === undefined ? '' : ' AND event_id > {after:String}'}
ORDER BY event_id
LIMIT 1 BY event_id
LIMIT {page:UInt32}`;
    const page = await store.query<Record<string, unknown>>(sql, { ...rangeParams(appId, from, to), after, page: pageRows });
    if (page.length > 0) yield page;
    if (page.length < pageRows) return;
    after = String(page[page.length - 1].event_id);
  }
}

/** the event dates (YYYY-MM-DD, UTC) of a batch's rows */
export async function batchDays(store: StoreConnection, appId: string, from: Cursor, to: Cursor): Promise<string[]> {
  const rows = await store.query<{ day: string }>(
    `SELECT DISTINCT toString(toDate(timestamp)) AS day FROM events
     WHERE app_id = {app:String} AND event_id IN (SELECT event_id FROM sink_arrivals WHERE ${RANGE}) ORDER BY day`,
    rangeParams(appId, from, to),
  );
  return rows.map((r) => r.day);
}

/**
 * The next batch after `from`: at most `maxRows` arrivals stored at least `settleMs` ago. Returns
 * its end and how many arrivals it holds, or undefined when nothing waits.
 */
export async function planBatch(store: StoreConnection, appId: string, from: Cursor, maxRows: number, settleMs: number): Promise<{ to: Cursor; arrivals: number } | undefined> {
  const [row] = await store.query<{ n: number; t: string; id: string }>(
    `SELECT count() AS n, toString(max(k).1) AS t, toString(max(k).2) AS id
     FROM (
       SELECT (stored_at, event_id) AS k FROM sink_arrivals
       WHERE app = {app:String}
         AND (stored_at, event_id) > ({fromT:DateTime64(3, 'UTC')}, {fromId:UUID})
         AND stored_at <= now64(3, 'UTC') - toIntervalMillisecond({settle:UInt32})
       ORDER BY stored_at, event_id
       LIMIT {n:UInt32}
     )`,
    { app: appId, fromT: from.storedAt, fromId: from.eventId, settle: settleMs, n: maxRows },
  );
  if (!row || row.n === 0) return undefined;
  return { to: { storedAt: row.t, eventId: row.id }, arrivals: row.n };
}

/** seconds since the oldest arrival after `from` was stored (0 when none waits) */
export async function exportLagSeconds(store: StoreConnection, appId: string, from: Cursor): Promise<number> {
  const [row] = await store.query<{ lag: number }>(
    `SELECT if(count() = 0, 0, greatest(0, dateDiff('millisecond', min(stored_at), now64(3, 'UTC')) / 1000)) AS lag
     FROM sink_arrivals WHERE app = {app:String} AND (stored_at, event_id) > ({fromT:DateTime64(3, 'UTC')}, {fromId:UUID})`,
    { app: appId, fromT: from.storedAt, fromId: from.eventId },
  );
  return row?.lag ?? 0;
}

/**
 * Arrivals of events stored before the arrival log existed (migration 0050), stamped with their
 * receive time, so a sink created on an existing app exports its history. Idempotent.
 */
export async function backfillArrivals(store: StoreConnection, appId: string): Promise<void> {
  await store.command(
    `INSERT INTO sink_arrivals (app, stored_at, event_id)
     SELECT app_id, received_at, event_id FROM events
     WHERE app_id = {app:String} AND event_id NOT IN (SELECT event_id FROM sink_arrivals WHERE app = {app:String})`,
    { app: appId },
  );
}
