// Reading the quarantine: one app's dead letters, newest first, filtered by reason code, event
// name, status and receive time, with a total and a keyset cursor; one row by id. Every query is
// scoped to one app id, so a key of one app never sees another app's rows.

import type { StoreConnection } from '../store/index.ts';
import { toEngineTime } from '../event/index.ts';
import { decodeKeysetCursor, encodeKeysetCursor } from '../query/index.ts';
import { QUARANTINE_TABLE, type QuarantineRow } from './quarantine.ts';

export type QuarantineStatus = 'quarantined' | 'replayed' | 'all';

export interface QuarantineFilter {
  readonly appId: string;
  readonly code?: string;
  readonly eventName?: string;
  /** default 'quarantined' (not yet replayed) */
  readonly status?: QuarantineStatus;
  /** receive time, engine text form (see resolveTimeRange) */
  readonly from?: string;
  readonly to?: string;
}

export interface QuarantinePage {
  readonly total: number;
  readonly items: QuarantineRow[];
  readonly next_cursor: string | null;
}

const COLUMNS = `app_id, quarantine_id, received_at, key_id, code, message, event_name, event_id,
  payload, payload_bytes, payload_truncated, status, replay_count, replayed_at`;
/** list pages show this much of each payload; inspecting one row shows all that was kept */
export const PAYLOAD_PREVIEW_CHARS = 1024;

/** the keyset cursor after `row`; received_at is UTC, in ISO or the engine's text form */
export function encodeCursor(row: Pick<QuarantineRow, 'received_at' | 'quarantine_id'>): string {
  const text = row.received_at;
  const timeMs = Date.parse(text.endsWith('Z') ? text : `${text.replace(' ', 'T')}Z`);
  if (Number.isNaN(timeMs)) throw new Error(`unreadable received_at ${JSON.stringify(text.slice(0, 40))}`);
  return encodeKeysetCursor({ timeMs, id: row.quarantine_id });
}

/** a checked cursor as bound parameters (throws TALLY_ERR_CURSOR_INVALID before any query) */
function cursorParams(cursor: string): { cat: string; cid: string } {
  const c = decodeKeysetCursor(cursor);
  return { cat: toEngineTime(c.timeMs), cid: c.id };
}

/** WHERE conditions and parameters shared by listing and replay selection (values are bound). */
export function filterSql(filter: QuarantineFilter): { where: string; params: Record<string, unknown> } {
  const conditions = ['app_id = {app:String}'];
  const params: Record<string, unknown> = { app: filter.appId };
  const status = filter.status ?? 'quarantined';
  if (status !== 'all') {
    conditions.push('status = {status:String}');
    params.status = status;
  }
  if (filter.code !== undefined) {
    conditions.push('code = {code:String}');
    params.code = filter.code;
  }
  if (filter.eventName !== undefined) {
    conditions.push('event_name = {event:String}');
    params.event = filter.eventName;
  }
  if (filter.from !== undefined) {
    conditions.push("received_at >= {from:DateTime64(3, 'UTC')}");
    params.from = filter.from;
  }
  if (filter.to !== undefined) {
    conditions.push("received_at < {to:DateTime64(3, 'UTC')}");
    params.to = filter.to;
  }
  return { where: conditions.join(' AND '), params };
}

export async function listQuarantine(store: StoreConnection, filter: QuarantineFilter, page: { limit: number; cursor?: string }): Promise<QuarantinePage> {
  const after = page.cursor !== undefined ? cursorParams(page.cursor) : undefined;
  const { where, params } = filterSql(filter);
  const [{ n }] = await store.query<{ n: number }>(`SELECT count() AS n FROM ${QUARANTINE_TABLE} FINAL WHERE ${where}`, params);
  let keyset = '';
  if (after) {
    keyset = " AND (received_at, quarantine_id) < ({cat:DateTime64(3, 'UTC')}, {cid:UUID})";
    Object.assign(params, after);
  }
  params.limit = page.limit + 1;
  const rows = await store.query<QuarantineRow>(
    `SELECT ${COLUMNS} FROM ${QUARANTINE_TABLE} FINAL WHERE ${where}${keyset}
     ORDER BY received_at DESC, quarantine_id DESC LIMIT {limit:UInt32}`,
    params,
  );
  const more = rows.length > page.limit;
  const items = rows.slice(0, page.limit).map((r) => ({ ...r, payload: r.payload.slice(0, PAYLOAD_PREVIEW_CHARS) }));
  return { total: n, items, next_cursor: more ? encodeCursor(items[items.length - 1]) : null };
}

export async function getQuarantined(store: StoreConnection, appId: string, quarantineId: string): Promise<QuarantineRow | undefined> {
  const [row] = await store.query<QuarantineRow>(
    `SELECT ${COLUMNS} FROM ${QUARANTINE_TABLE} FINAL WHERE app_id = {app:String} AND quarantine_id = {id:UUID}`,
    { app: appId, id: quarantineId },
  );
  return row;
}

export interface ReplaySelection {
  readonly appId: string;
  readonly ids?: readonly string[];
  readonly code?: string;
  /** most rows taken in one replay */
  readonly limit: number;
  /** most payload bytes taken in one replay (the first row is always taken) */
  readonly maxBytes: number;
  /** continue after this row (ascending receive order) */
  readonly cursor?: string;
}

/**
 * Rows to replay, oldest first: still quarantined, not cut at the size limit (a cut payload is not
 * the event anymore), at most `limit` rows and about `maxBytes` of payload. `more` says whether
 * rows remain after the last one taken.
 */
export async function selectForReplay(store: StoreConnection, sel: ReplaySelection): Promise<{ rows: QuarantineRow[]; more: boolean }> {
  const { where, params } = filterSql({ appId: sel.appId, code: sel.code, status: 'quarantined' });
  let extra = ' AND payload_truncated = 0';
  if (sel.ids !== undefined) {
    extra += ' AND quarantine_id IN {ids:Array(UUID)}';
    params.ids = sel.ids;
  }
  if (sel.cursor !== undefined) {
    extra += " AND (received_at, quarantine_id) > ({cat:DateTime64(3, 'UTC')}, {cid:UUID})";
    Object.assign(params, cursorParams(sel.cursor));
  }
  params.limit = sel.limit + 1;
  const rows = await store.query<QuarantineRow & { before: number }>(
    `SELECT ${COLUMNS}, sum(payload_bytes) OVER (ORDER BY received_at, quarantine_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before
     FROM ${QUARANTINE_TABLE} FINAL WHERE ${where}${extra}
     ORDER BY received_at, quarantine_id LIMIT {limit:UInt32}`,
    params,
  );
  const taken: QuarantineRow[] = [];
  for (const { before, ...row } of rows) {
    if (taken.length >= sel.limit || (taken.length > 0 && before >= sel.maxBytes)) break;
    taken.push(row);
  }
  return { rows: taken, more: rows.length > taken.length };
}

export async function countByCode(store: StoreConnection, appId: string): Promise<Array<{ code: string; count: number }>> {
  return store.query<{ code: string; count: number }>(
    `SELECT code, count() AS count FROM ${QUARANTINE_TABLE} FINAL WHERE app_id = {app:String} AND status = 'quarantined' GROUP BY code ORDER BY count DESC, code`,
    { app: appId },
  );
}
